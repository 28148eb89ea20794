"""The contract both ends share: what the kiosk cleans always passes what the collector
checks; the catalogue refuses what it cannot describe; the health report the kiosk
sends has no field the privacy register does not list."""
from __future__ import annotations

import math
from typing import ClassVar

import pytest

from contract import Catalogue, EventData, InvalidEvent, Privacy, Summary, Text, data_field
from contract.jsonsafe import check_json, clean_json, is_short_text, json_problem, short_text
from contract.limits import MAX_DEPTH, MAX_INT
from contract.shell import SHELL_KINDS
from contract.wire import Health
from kiosk.exhibits import catalogue

NASTY = [
    {"a": float("nan"), "b": [float("inf"), -float("inf")], "c": 2**80, "d": -(2**70)},
    {"text": "a\x00b", "lone": "\ud800x", 3: "int key", None: 1, (1, 2): "tuple key"},
    {"set": {1, 2}, "object": object(), "bytes": b"\xff", "tuple": (1, (2, float("nan")))},
    {"deep": (nested := {}), "ok": [True, None, 1.5, "é"]},
]
for _ in range(MAX_DEPTH + 5):
    nested["x"] = nested = {}


@pytest.mark.parametrize("value", NASTY)
def test_what_the_kiosk_cleans_the_collector_takes(value):
    assert json_problem(value) is not None  # the raw value would be refused…
    cleaned = clean_json(value)
    assert check_json(cleaned) is cleaned  # …the cleaned one never is


@pytest.mark.parametrize("bad, says", [
    (float("nan"), "finite"), (math.inf, "finite"), (MAX_INT + 1, "out of range"), ("a\x00", "NUL"),
    ({1: "x"}, "not text"), ({"k": object()}, "not a JSON value"),
])
def test_the_collector_check_says_what_is_wrong(bad, says):
    with pytest.raises(ValueError, match=says):
        check_json({"field": bad})


def test_short_texts_are_printable_and_bounded():
    assert short_text("chatbot.asked\n" + "x" * 100) == "chatbot.asked" + "x" * 51
    assert short_text("\x00\x01") is None and short_text(None) is None
    assert is_short_text("mythes") and not is_short_text("a\tb") and not is_short_text("")


def test_the_catalogue_holds_the_shell_and_every_type():
    kinds = catalogue()
    assert {m.kind for m in SHELL_KINDS} <= set(kinds.kinds)
    assert all(model.about.fr and model.about.en and model.visitors.fr and model.visitors.en for model in kinds)
    assert len(kinds.fingerprint()) == 12


def test_a_kind_is_declared_once_and_its_summary_names_its_fields():
    class Twice(EventData):
        kind: ClassVar[str] = "visit_started"
        about: ClassVar[Text] = Text("x", "x")

    with pytest.raises(ValueError, match="declared twice"):
        Catalogue([*SHELL_KINDS, Twice])

    class Wrong(EventData):
        kind: ClassVar[str] = "test.wrong"
        about: ClassVar[Text] = Text("x", "x")
        visitors: ClassVar[Text] = Text("x", "x")
        summary: ClassVar[Summary] = Summary(key="missing", flag1="count")
        count: int = data_field("n", "n")

    with pytest.raises(ValueError, match="missing"):
        Catalogue([Wrong])

    class Untold(EventData):
        kind: ClassVar[str] = "test.untold"
        about: ClassVar[Text] = Text("x", "x")

    with pytest.raises(ValueError, match="visitors"):  # the privacy statement could not name it
        Catalogue([Untold])


def test_free_text_names_its_setting_and_is_optional():
    with pytest.raises(TypeError, match="privacy setting"):
        data_field("t", "t", privacy=Privacy.FREE_TEXT)
    with pytest.raises(TypeError):
        data_field("t", "t", privacy=Privacy.FREE_TEXT, setting="privacy.x")  # required: refused


def test_the_kiosk_is_strict_the_collector_keeps_what_a_newer_kiosk_adds():
    kinds = catalogue()
    with pytest.raises(InvalidEvent, match="not a kind"):
        kinds.validate("poll.answered", {"answer": "oui"})
    assert kinds.validate("poll.answered", {"answer": "oui"}, unknown_ok=True) == {"answer": "oui"}
    newer = {"language": "fr", "screen": "portrait"}
    with pytest.raises(InvalidEvent, match="data.screen"):
        kinds.validate("visit_started", newer)
    assert kinds.validate("visit_started", newer, extra_ok=True) is newer
    with pytest.raises(InvalidEvent, match="data.language"):
        kinds.validate("visit_started", {"language": 3}, extra_ok=True)  # a known field is still checked


def test_the_health_report_has_only_fields_the_register_lists(tmp_path):
    from kiosk.config import KioskConfig
    from kiosk.stats import StatsStore
    from kiosk.stats.sync import SyncWorker

    config = KioskConfig.model_validate({"kiosk_id": "k", "staff_pin_hash": "x", "data_dir": str(tmp_path)})
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k", site="Labège", departement="31")
    try:
        report = SyncWorker(store, config, health_extra=lambda: {"content_version": "v1"}).health()
    finally:
        store.close()
    assert set(report) <= set(Health.model_fields), set(report) - set(Health.model_fields)
    assert Health.model_validate(report).reported() == report
