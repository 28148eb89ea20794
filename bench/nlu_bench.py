"""Speed and memory of the chatbot's intent engine (figures printed, never asserted).

Prints: resident memory the engine adds (imports, then both engines built), build
time per language, matching latency (p50/p95/max over the test questions, repeated)
and the machine's load, since the CI machine's 2 cores are shared.

    .venv/bin/python bench/nlu_bench.py [--content exhibits] [--repeat 20]
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", default=str(ROOT / "exhibits"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from kiosk.content.loader import load_content  # content loading is the shell's cost, not ours
    from kiosk.exhibits.chatbot.intents import build_engine, find_chatbot
    definition = find_chatbot(load_content(args.content)).definition
    assert "sklearn" not in sys.modules, "loading content must not import scikit-learn"
    base = rss_mb()
    start = time.perf_counter()
    import kiosk.nlu.engine  # noqa: F401  numpy, scipy, scikit-learn, rapidfuzz
    import_s = time.perf_counter() - start
    after_import = rss_mb()
    from kiosk.nlu.evaluate import read_eval_file

    # cold: the content check has normalised and stemmed every example already
    from kiosk.nlu.normalize import basic_normalize
    from kiosk.nlu.stems import stemmer
    basic_normalize.cache_clear()
    stemmer.cache_clear()

    engines, build_ms, build_cpu_ms = {}, {}, {}
    for language in ("fr", "en"):
        start, cpu_start = time.perf_counter(), time.process_time()
        engines[language] = build_engine(definition, language)
        build_ms[language] = (time.perf_counter() - start) * 1000
        build_cpu_ms[language] = (time.process_time() - cpu_start) * 1000
    after_build = rss_mb()

    import numpy as np

    latencies, cpu_times = {}, {}
    for path in sorted((ROOT / "tests" / "nlu").glob("eval_*.yaml")):
        eval_file = read_eval_file(path)
        engine = engines[eval_file.language]
        engine.match("warm up")
        times, cpu = [], []
        for _ in range(args.repeat):
            for case in eval_file.cases:
                t, c = time.perf_counter(), time.thread_time()
                engine.match(case.text)
                cpu.append((time.thread_time() - c) * 1000)
                times.append((time.perf_counter() - t) * 1000)
        latencies[eval_file.language] = np.array(times)
        cpu_times[eval_file.language] = np.array(cpu)

    cpu = psutil.cpu_count()
    load = os.getloadavg()
    print(f"machine: {cpu} logical CPUs, load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
          "(shared with other work: latency tails grow with load)")
    print(f"memory: process {base:.1f} MB before; +{after_import - base:.1f} MB for the imports "
          f"(numpy, scipy, scikit-learn, rapidfuzz, PyStemmer; {import_s:.2f} s); +{after_build - after_import:.1f} MB "
          f"for both engines; total added {after_build - base:.1f} MB")
    for language, engine in engines.items():
        rows, features = engine._matrix.shape
        print(f"build {language}: {build_ms[language]:.0f} ms, CPU {build_cpu_ms[language]:.0f} ms "
              f"({len(engine.intents)} intents, {rows} example rows, {features} features)")
    for language, times in latencies.items():
        print(f"match {language}: {len(times)} matches, p50 {np.percentile(times, 50):.3f} ms, "
              f"p95 {np.percentile(times, 95):.3f} ms, p99 {np.percentile(times, 99):.3f} ms, max {times.max():.2f} ms; "
              f"CPU time p50 {np.percentile(cpu_times[language], 50):.3f} ms, p95 {np.percentile(cpu_times[language], 95):.3f} ms "
              "(waiting for a shared core excluded)")


if __name__ == "__main__":
    main()
