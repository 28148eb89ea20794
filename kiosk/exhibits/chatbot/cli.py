"""``launch.py ask`` and ``launch.py nlu-eval``: the chatbot's engine from the command line."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kiosk.cli import pass_state

_content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path), default=None,
    help="Content folder (default: the config's content_dir).",
)
_chatbot_option = click.option("--chatbot", "chatbot_id", default=None, help="Id of the chatbot exhibit (default: the first).")


def _load_chatbot(state, content_dir: Path | None, chatbot_id: str | None):
    from kiosk.content.loader import load_content

    from .intents import find_chatbot

    content = load_content(content_dir if content_dir is not None else state.config.content_path)
    loaded = find_chatbot(content, chatbot_id)
    if loaded is None:
        for d in content.errors:
            click.echo(str(d), err=True)
        what = f"chatbot '{chatbot_id}'" if chatbot_id else "chatbot exhibit"
        raise click.ClickException(f"no valid {what} in {content.root} (see 'launch.py check')")
    return loaded.definition


@click.command()
@click.argument("text")
@click.option("--lang", "language", default="fr", show_default=True, help="Language of the question.")
@_content_option
@_chatbot_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable answer with the explanation.")
@pass_state
def ask(state, text: str, language: str, content_dir: Path | None, chatbot_id: str | None, as_json: bool) -> None:
    """Ask the chatbot a question and print its answer."""
    from .intents import engine_for

    match = engine_for(_load_chatbot(state, content_dir, chatbot_id), language).match(text)
    if as_json:
        click.echo(json.dumps(match.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(match.answer)
    verdict = f"intent {match.intent}" if not match.fallback else f"fallback ({match.reason})"
    click.echo(f"  [{verdict}, confidence {match.confidence:.2f}, threshold {match.threshold:.2f}]", err=True)
    if match.about:
        click.echo(f"  [about: {match.about}]", err=True)
    for alt in match.alternatives:
        click.echo(f"  [{'did you mean' if match.fallback else 'runner-up'}: {alt.intent} {alt.score:.2f} — {alt.question}]", err=True)


@click.command("nlu-eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_content_option
@_chatbot_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.option("--quiet", "-q", is_flag=True, help="Figures only, without the list of misses and the per-intent table.")
@pass_state
def nlu_eval(state, files: tuple[Path, ...], content_dir: Path | None, chatbot_id: str | None, as_json: bool,
             quiet: bool) -> None:
    """Score the chatbot on test files ({language, cases: [{text, expect, class}]}). Exits 0 whatever the score."""
    from kiosk.nlu.evaluate import EvalFileError, EvalReport, evaluate, read_eval_file

    from .intents import engine_for

    try:
        eval_files = [read_eval_file(f) for f in files]
    except EvalFileError as exc:
        raise click.ClickException(str(exc))
    definition = _load_chatbot(state, content_dir, chatbot_id)
    reports: dict[str, EvalReport] = {}
    for language in dict.fromkeys(f.language for f in eval_files):
        chosen = [f for f in eval_files if f.language == language]
        engine = engine_for(definition, language)
        reports[language] = evaluate(engine, [c for f in chosen for c in f.cases], [str(f.path) for f in chosen])
    total = EvalReport("all", [str(f) for f in files])
    for report in reports.values():
        total.results += report.results
        total.latencies_ms += report.latencies_ms
    summary = {**total.summary(), "languages": {lang: r.summary() for lang, r in reports.items()}}
    summary.pop("misses")
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    for language, report in reports.items():
        s = report.summary()
        click.echo(f"== {language}: {s['cases']} cases ({', '.join(s['files'])})")
        if not quiet:
            for miss in s["misses"]:
                got = miss["got"] or f"fallback/{miss['reason']} (best {miss['best']})"
                kind = "WRONG" if miss["wrong"] else "MISS"
                tag = f" [{miss['class']}]" if miss["class"] else ""
                click.echo(f"  {kind} {miss['text']!r}{tag}: expected {miss['expect'] or 'fallback'}, got {got} @ {miss['confidence']}")
            for intent, row in s["per_intent"].items():
                p = "-" if row["precision"] is None else f"{row['precision']:.2f}"
                r = "-" if row["recall"] is None else f"{row['recall']:.2f}"
                click.echo(f"  {intent:22s} precision {p:>5}  recall {r:>5}  ({row['cases']} cases)")
        for cls, figures in s["per_class"].items():
            click.echo(_class_line(cls, figures))
        click.echo(_totals_line(s))
    if len(reports) > 1:
        click.echo(_totals_line(summary, "== all"))


def _pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _class_line(cls: str, f: dict) -> str:
    if f["in_scope_cases"] and not f["out_of_scope_cases"]:
        figures = f"right {_pct(f['in_scope_accuracy'])}, top-2 {_pct(f['top2_rate'])}"
    elif f["out_of_scope_cases"] and not f["in_scope_cases"]:
        figures = f"fell back {_pct(f['out_of_scope_recall'])}"
    else:
        figures = f"in-scope {_pct(f['in_scope_accuracy'])}, out-of-scope {_pct(f['out_of_scope_recall'])}"
    return f"  class {cls:18s} {f['cases']:4d} cases: {figures}, wrong confident {f['wrong_confident_answers']}"


def _totals_line(s: dict, label: str = "  total") -> str:
    return (f"{label}: in-scope accuracy {_pct(s['in_scope_accuracy'])} ({s['in_scope_cases']}), "
            f"top-2 {_pct(s['top2_rate'])}, "
            f"out-of-scope recall {_pct(s['out_of_scope_recall'])} ({s['out_of_scope_cases']}), "
            f"wrong confident answers {s['wrong_confident_answers']} ({_pct(s['wrong_confident_rate'])} of all), "
            f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms")
