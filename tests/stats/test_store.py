"""The kiosk's durable event log, on real SQLite files."""
from __future__ import annotations

import json
import sqlite3
import threading
import time

from contract.wire import Batch
from kiosk.events import EventSink
from kiosk.stats import StatsStore, open_store
from kiosk.stats.clock import boot_id
from tests.collector.helpers import kiosk_config


def rows(path, sql="SELECT * FROM events ORDER BY seq"):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_open_store_records_every_field_durably(tmp_path):
    config = kiosk_config(tmp_path)
    store = open_store(config)
    sink: EventSink = store  # the protocol the shell and exhibits call
    assert callable(sink.record)
    assert store.path == config.data_path / "stats.sqlite3"
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    before = time.time()
    store.record("visit_started", data={"language": "fr"}, visit_id="v1")
    store.record("myths.answered", exhibit_id="mythes", content_version="abc123",
                 data={"statement_id": "s1", "answer": "myth", "correct": True, "time_s": 3.5}, visit_id="v1")
    store.close()

    first, second = rows(config.data_path / "stats.sqlite3")
    assert (first["seq"], second["seq"]) == (1, 2)
    assert first["event_id"] != second["event_id"] and len(first["event_id"]) == 32
    assert first["kind"] == "visit_started" and first["visit_id"] == "v1" and first["exhibit_id"] is None
    assert second["exhibit_id"] == "mythes" and second["content_version"] == "abc123"
    assert '"correct":true' in second["data"]
    assert before <= first["wall_time"] <= time.time()
    assert first["mono_ns"] <= second["mono_ns"] and first["boot_id"] == boot_id()
    assert first["site"] == config.site.name and first["sent_at"] is None


def test_close_commits_everything_queued_and_reopen_continues_the_sequence(tmp_path):
    path = tmp_path / "s.sqlite3"
    store = StatsStore(path, kiosk_id="k")
    for i in range(3000):
        store.record("info.page_viewed", exhibit_id="bienvenue", data={"page": str(i)})
    store.close()
    store = StatsStore(path, kiosk_id="k")
    store.record("visit_started")
    store.close()
    seqs = [r["seq"] for r in rows(path)]
    assert seqs == list(range(1, 3002))


def test_record_from_many_threads_loses_nothing(tmp_path):
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k")

    def worker(n):
        for i in range(400):
            store.record("chatbot.asked", exhibit_id="chatbot", data={"thread": n, "i": i})

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.flush(30)
    assert store.status()["recorded"] == 2000
    store.close()
    got = rows(tmp_path / "s.sqlite3")
    assert len({r["event_id"] for r in got}) == 2000


def test_value_counts_filters_on_kind_exhibit_and_data_fields(tmp_path):
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k")
    answers = [("replace-agents", "myth")] * 3 + [("replace-agents", "fact")] * 2 + [("other", "myth")] * 5
    for statement, answer in answers:
        store.record("myths.answered", exhibit_id="mythes",
                     data={"statement_id": statement, "answer": answer, "correct": answer == "myth"})
    store.record("myths.answered", exhibit_id="autre-quiz", data={"statement_id": "replace-agents", "answer": "fact"})
    store.record("myths.finished", exhibit_id="mythes", data={"statement_id": "replace-agents", "answer": "fact"})
    store.flush()
    assert store.value_counts("myths.answered", "mythes", "answer", {"statement_id": "replace-agents"}) == \
        {"myth": 3, "fact": 2}
    assert store.value_counts("myths.answered", "mythes", "answer") == {"myth": 8, "fact": 2}
    assert store.value_counts("myths.answered", "mythes", "answer", {"correct": True}) == {"myth": 8}
    assert store.value_counts("myths.answered", "mythes", "correct") == {1: 8, 0: 2}
    assert store.value_counts("myths.answered", "nothing", "answer") == {}
    store.close()


def test_only_acknowledged_events_are_pruned_after_the_retention_time(tmp_path):
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k", keep_confirmed_days=30)
    for i in range(10):
        store.record("visit_started", data={"i": i})
    store.flush()
    pending = store.pending_events(100)
    assert [e["seq"] for e in pending] == list(range(1, 11))
    assert store.mark_sent([e["event_id"] for e in pending[:4]], at=time.time() - 31 * 86400) == 4
    assert store.mark_sent([pending[4]["event_id"]]) == 1  # acknowledged today: kept for now
    assert store.prune() == 4
    assert store.pending_count() == 5
    assert store.prune(now=time.time() + 10 * 365 * 86400) == 1  # never a pending one
    assert store.pending_count() == 5
    status = store.status()
    assert status["recorded"] == 10 and status["pending"] == 5
    store.close()


def test_status_reports_sync_errors_and_low_disk(tmp_path):
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k", disk_low_mb=10**12)
    status = store.status()
    assert set(status) >= {"kiosk_id", "recorded", "pending", "last_sync", "disk_free_mb", "disk_low", "last_error"}
    assert status["kiosk_id"] == "k" and status["last_sync"] is None and status["disk_low"] is True
    store.note_error("collector unreachable")
    assert store.status()["last_error"] == "collector unreachable"
    assert [e["error"] for e in store.errors_since_sync()] == ["collector unreachable"]
    store.note_sync()
    assert store.status()["last_error"] is None and store.status()["last_sync"].startswith("20")
    store.close()


def test_a_full_disk_keeps_events_waiting_and_says_so(tmp_path):
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k")
    store.record("visit_started")
    store.flush()
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store.max_db_pages = pages  # the file may not grow any more: like a full disk
    big = {f"text{k}": "x" * 950 for k in range(4)}  # as big as an event's data may be
    for i in range(200):
        store.record("info.page_viewed", data={**big, "i": i})
    deadline = time.monotonic() + 20
    while not (store.status()["last_error"] or "").startswith("statistics not written") and time.monotonic() < deadline:
        time.sleep(0.05)
    status = store.status()
    # the writer may have fitted a first small batch in the last page's free space
    assert "full" in status["last_error"] and status["queued"] > 0
    assert status["recorded"] + status["queued"] == 201, "every event is written or waiting"
    store.max_db_pages = 10**9  # space again: the waiting events are written, none lost
    assert store.flush(30)
    assert store.status()["recorded"] == 201 and store.status()["last_error"] is None
    store.close()


def test_unserialisable_data_does_not_lose_the_event(tmp_path):
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k")
    store.record("chatbot.asked", data={"when": object(), 1: "x"})
    store.close()
    (row,) = rows(tmp_path / "s.sqlite3")
    assert row["kind"] == "chatbot.asked"


def test_a_damaged_file_is_kept_aside_and_a_new_store_starts(tmp_path):
    config = kiosk_config(tmp_path)
    config.data_path.mkdir(parents=True)
    (config.data_path / "stats.sqlite3").write_bytes(b"this is not SQLite at all" * 100)
    store = open_store(config)
    store.record("visit_started", data={"language": "fr"})
    store.flush()
    assert store.status()["recorded"] == 1 and "damaged" in store.status()["last_error"]
    store.close()
    (kept,) = config.data_path.glob("stats.sqlite3.damaged-*")
    assert kept.read_bytes().startswith(b"this is not SQLite")


def test_an_event_not_matching_the_catalogue_is_dropped_counted_and_never_raised(tmp_path, caplog):
    config = kiosk_config(tmp_path)
    store = open_store(config)
    store.record("visit_started", data={"language": "fr"})
    store.record("myths.answered", exhibit_id="mythes", data={"statement_id": "s1", "answer": "maybe",
                                                               "correct": True, "time_s": 1.0})
    store.record("made.up_kind", data={})
    store.record("visit_ended", data={"duration_s": 12.0, "reason": "idle"})
    store.close()
    assert [r["kind"] for r in rows(config.data_path / "stats.sqlite3")] == ["visit_started", "visit_ended"]
    assert "myths.answered: data.answer" in caplog.text
    again = open_store(config)  # the count survives a restart, and reaches the health report
    status = again.status()
    assert status["invalid"] == 2 and status["last_invalid"].startswith("made.up_kind")
    from kiosk.content.loader import load_content
    from kiosk.staff import status_rows

    staff = [value for key, value in status_rows(config, load_content(config.content_path), again)
             if key == "staff.stats_error"]
    assert any("2 events dropped" in str(v) for v in staff)  # the staff panel says so
    again.close()


def test_odd_values_are_stored_as_the_collector_accepts_them(tmp_path):
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id="k")
    store.record("chatbot.asked\n" + "x" * 100, exhibit_id="chat\x00bot",
                 data={"text": "a\x00b", "confidence": float("nan"), "nested": {"inf": float("inf")}, 3: (1, 2)})
    store.close()
    (row,) = rows(tmp_path / "s.sqlite3")
    assert row["kind"] == "chatbot.asked" + "x" * 51 and row["exhibit_id"] == "chatbot"
    assert json.loads(row["data"]) == {"text": "ab", "confidence": None, "nested": {"inf": None}, "3": [1, 2]}
    # What the store kept passes the collector's envelope (the rules both ends share).
    event = {k: v for k, v in row.items() if k not in ("sent_at", "rejected")} | {"data": json.loads(row["data"])}
    Batch.model_validate({"kiosk_id": "k", "sent_at": time.time(), "sent_mono_ns": 1, "boot_id": "b",
                          "events": [event]})
