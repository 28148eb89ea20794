"""Split evaluation files in two stable halves, to see how much tuning overfits.

Tune on the first half (``*.tune.yaml``), then score the second (``*.check.yaml``)
only to check: a change that helps one half and not the other learned the phrasing of
the questions, not the way people ask. A case goes to a half by a hash of its text
(so about half of each class), and stays there when cases are added to the file.

    .venv/bin/python bench/nlu_split.py tests/nlu/eval_dev_fr.yaml tests/nlu/eval_dev_en.yaml --to /tmp/halves
    .venv/bin/python launch.py nlu-eval -q /tmp/halves/*.tune.yaml
"""
from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import yaml


def half_of(text: str) -> int:
    return hashlib.sha256(text.strip().casefold().encode()).digest()[0] % 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--to", type=Path, required=True, help="folder for the halves")
    args = parser.parse_args()
    args.to.mkdir(parents=True, exist_ok=True)
    for path in args.files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        halves: tuple[list, list] = ([], [])
        for case in data["cases"]:
            halves[half_of(case["text"])].append(case)
        for name, cases in zip(("tune", "check"), halves):
            out = args.to / f"{path.stem}.{name}.yaml"
            out.write_text(yaml.safe_dump({"language": data["language"], "cases": cases}, allow_unicode=True,
                                          sort_keys=False, width=200), encoding="utf-8")
            print(f"{out}: {len(cases)} cases")


if __name__ == "__main__":
    main()
