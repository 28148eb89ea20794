"""Sends the kiosk's pending events to the collector.

Events are marked sent only for the ids the collector lists in its acknowledgement
(accepted or already known), so a cut connection at any point leaves them pending and
the next attempt sends them again; the collector ignores ids it already has. Failures
are retried forever with capped exponential backoff and jitter, honouring
``Retry-After``.

Given the kiosk's releases (``releases=``, a ``ReleaseManager``), each successful
round then asks the collector which content release this kiosk should show; a new one
is downloaded on a thread of its own (:mod:`kiosk.releases.download`), so events never
wait for it, and its progress goes into the next health reports.
"""
from __future__ import annotations

import logging
import platform
import random
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

import kiosk
from contract import wire
from contract.jsonsafe import clean_json, json_size
from contract.limits import MAX_HEALTH_BYTES, MAX_HEALTH_ERRORS
from kiosk.stats import clock

log = logging.getLogger(__name__)

BATCH_EVENTS = 1000
MAX_BATCH_BYTES = 1_000_000  # gzip-compressed; the collector refuses bigger
BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0
_STARTED = time.monotonic()


@dataclass
class SyncResult:
    sent: int = 0
    accepted: int = 0
    known: int = 0
    pending: int = 0
    batches: int = 0
    rejected: int = 0
    error: str | None = None
    retry_after: float | None = None
    refused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        text = (f"sent {self.sent} events in {self.batches} batches: {self.accepted} new, "
                f"{self.known} already known; {self.pending} pending")
        if self.rejected:
            text += f"; {self.rejected} refused by the collector (kept on the kiosk)"
        return text if self.ok else f"{text}; error: {self.error}"


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` is either seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def backoff_delay(failures: int, rng: random.Random, *, base: float = BACKOFF_BASE_S,
                  cap: float = BACKOFF_CAP_S) -> float:
    """Exponential, capped, with jitter so that a fleet does not retry in step."""
    ceiling = min(cap, base * 2 ** max(failures - 1, 0))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def fit_health(report: dict) -> dict:
    """The report cleaned to the shared rules and within the collector's limits: the
    latest errors only, and if still too big, without its lists (it says so)."""
    if isinstance(report.get("errors"), list):
        report["errors"] = report["errors"][-MAX_HEALTH_ERRORS:]
    report = clean_json(report)
    if json_size(report) > MAX_HEALTH_BYTES:
        for key in ("errors", "content_versions"):
            report.pop(key, None)
        report["health_extra_error"] = "report too large: errors and content versions left out"
        report = {k: v for k, v in report.items() if json_size({k: v}) <= MAX_HEALTH_BYTES // 32}
        if json_size(report) > MAX_HEALTH_BYTES:
            report = {"pending": report.get("pending"), "health_extra_error": report["health_extra_error"]}
    return report


def system_uptime_s() -> float | None:
    try:
        with open("/proc/uptime") as fh:
            return float(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class SyncWorker:
    def __init__(self, store, config, *, url: str | None = None, token: str | None = None,
                 batch_events: int = BATCH_EVENTS, max_batch_bytes: int = MAX_BATCH_BYTES,
                 timeout: float = 30.0, rng: random.Random | None = None, health_extra=None,
                 backoff_base: float = BACKOFF_BASE_S, backoff_cap: float = BACKOFF_CAP_S, releases=None):
        self.store = store
        self.config = config
        self.url = url or config.collector.url
        self.token = token or config.collector.token
        self.interval_s = config.collector.sync_interval_s
        self.batch_events = batch_events
        self.max_batch_bytes = max_batch_bytes
        self.timeout = timeout
        self.rng = rng or random.Random()
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap
        #: a callable returning more health fields (the app adds its content version)
        self.health_extra = health_extra
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: httpx.Client | None = None
        self.last_result: SyncResult | None = None
        #: fetches the content release assigned to this kiosk (kiosk.releases.download), or None
        self.releases = None
        if releases is not None and self.url and self.token:
            from kiosk.releases.download import ReleaseFetcher

            self.releases = ReleaseFetcher(releases, url=self.url, token=self.token, timeout=timeout,
                                           on_change=self.wake)

    # --- one round ---------------------------------------------------------------------
    def _endpoint(self) -> str:
        return self.url.rstrip("/") + wire.EVENTS_PATH

    def health(self) -> dict:
        status = self.store.status()
        report = {
            "app_version": kiosk.__version__,
            "content_versions": self.store.content_versions(),
            "uptime_s": round(time.monotonic() - _STARTED, 1),
            "system_uptime_s": system_uptime_s(),
            "pending": status["pending"],
            "recorded": status["recorded"],
            "rejected": status["rejected"],
            "invalid_events": status["invalid"],
            "disk_free_mb": status["disk_free_mb"],
            "disk_low": status["disk_low"],
            "store_bytes": status["store_bytes"],
            "errors": self.store.errors_since_sync(),
            "site": getattr(self.config.site, "name", None),
            "departement": getattr(self.config.site, "departement", None),
            "python": platform.python_version(),
            "machine": platform.machine(),
        }
        if self.health_extra:
            try:
                report.update(self.health_extra())
            except Exception as exc:  # a health detail is never worth a failed sync
                report["health_extra_error"] = str(exc)
        if self.releases is not None:
            report["download"] = self.releases.report()
        return fit_health(report)

    def _batch(self, events: list[dict], health: dict) -> dict:
        return {
            "kiosk_id": self.store.kiosk_id,
            "sent_at": clock.wall_time(),
            "sent_mono_ns": clock.monotonic_ns(),
            "boot_id": clock.boot_id(),
            "health": health,
            "events": events,
        }

    def _encode(self, events: list[dict], health: dict, pending_before: int) -> bytes:
        # What the kiosk will still hold once this batch is acknowledged.
        health = {**health, "pending": max(pending_before - len(events), 0)}
        return wire.encode(self._batch(events, health))

    def sync_once(self) -> SyncResult:
        """Send everything pending now, batch after batch; stops at the first failure."""
        result = SyncResult()
        if not self.url:
            result.error = "no collector URL (config collector.url or --collector)"
            result.pending = self.store.pending_count()
            return self._finish(result)
        if not self.token:
            result.error = "no kiosk token (config collector.token or --token)"
            result.pending = self.store.pending_count()
            return self._finish(result)
        client = self._client or httpx.Client(timeout=self.timeout)
        self._client = client
        after = 0
        health = self.health()
        pending_at_start = health["pending"]
        try:
            while not self._stop.is_set():
                events = self.store.pending_events(self.batch_events, after)
                if not events and result.batches:
                    break
                # Nothing pending: an empty batch still carries the health report.
                if not self._deliver(client, events, health, pending_at_start, result):
                    break
                if not events:
                    break
                after = events[-1]["seq"]
                health = {}  # the full report once per round, then only the pending count
        except Exception as exc:  # noqa: BLE001 - the store or the network failing must not end the worker
            result.error = f"{type(exc).__name__}: {exc}"
        result.pending = self.store.pending_count()
        if result.ok:
            self.store.note_sync()
            self.store.clear_errors()
            self.store.prune()
            self._check_release(client)
        return self._finish(result)

    def _check_release(self, client: httpx.Client) -> None:
        """After the events: the release assigned to this kiosk (a download runs on its own thread)."""
        if self.releases is None or self._stop.is_set():
            return
        try:
            self.releases.poll(client)
        except Exception:  # noqa: BLE001 - content releases never fail the statistics
            log.exception("releases: checking the assigned release failed")

    def _deliver(self, client: httpx.Client, events: list[dict], health: dict, pending_at_start: int,
                 result: SyncResult) -> bool:
        """Send these events, in halves when too big or when the collector refuses the
        batch, so that one event it will never take (kept, marked rejected) cannot hold
        back the others."""
        body = self._encode(events, health, pending_at_start - result.sent)
        status = "too big" if len(body) > self.max_batch_bytes and len(events) > 1 else \
            self._send(client, events, body, result)
        if status in ("too big", "refused") and len(events) > 1:
            result.error = None
            half = len(events) // 2
            return (self._deliver(client, events[:half], health, pending_at_start, result)
                    and self._deliver(client, events[half:], {}, pending_at_start, result))
        if status == "refused" and len(events) == 1:
            self.store.mark_rejected(events[0]["event_id"], result.error or "refused")
            log.error("statistics: the collector refuses event %s for good: %s", events[0]["event_id"], result.error)
            result.rejected += 1
            result.error = None
            return True
        return status == "ok"

    def _send(self, client: httpx.Client, events: list[dict], body: bytes, result: SyncResult) -> str:
        """POST one batch: "ok", "refused" (422: the batch fails the collector's checks) or "failed"."""
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                   "Content-Encoding": "gzip"}
        try:
            resp = client.post(self._endpoint(), content=body, headers=headers)
        except httpx.HTTPError as exc:
            result.error = f"collector unreachable: {type(exc).__name__}: {exc}"
            return "failed"
        if resp.status_code != 200:
            result.retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
            result.error = f"collector answered {resp.status_code}: {_detail(resp)}"
            return "refused" if resp.status_code == 422 else "failed"
        try:
            ack = resp.json()
            accepted, known = list(ack["accepted"]), list(ack["known"])
        except (ValueError, KeyError, TypeError):
            result.error = "collector sent an acknowledgement that cannot be read"
            return "failed"
        sent_ids = {e["event_id"] for e in events}
        acked = sent_ids.intersection(accepted) | sent_ids.intersection(known)
        self.store.mark_sent(acked)
        result.sent += len(events)
        result.accepted += len(sent_ids.intersection(accepted))
        result.known += len(sent_ids.intersection(known))
        result.batches += 1
        if len(acked) < len(sent_ids):
            result.refused = sorted(sent_ids - acked)[:10]
            result.error = f"collector did not acknowledge {len(sent_ids) - len(acked)} events"
            return "failed"
        return "ok"

    def _finish(self, result: SyncResult) -> SyncResult:
        if result.error:
            try:
                self.store.note_error(result.error)
            except Exception:  # noqa: BLE001 - reporting must not fail the report
                log.exception("cannot note the sync error")
            log.warning("statistics sync: %s", result.error)
        self.last_result = result
        return result

    # --- background --------------------------------------------------------------------
    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="stats-sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Sync now rather than at the next interval."""
        self._wake.set()

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                result = self.sync_once()
            except Exception as exc:  # noqa: BLE001 - e.g. the store unreadable: retry, never die
                log.exception("statistics sync failed")
                result = SyncResult(error=f"{type(exc).__name__}: {exc}")
            if result.ok:
                failures = 0
                delay = self.interval_s
            else:
                failures += 1
                delay = backoff_delay(failures, self.rng, base=self.backoff_base, cap=self.backoff_cap)
                if result.retry_after is not None:
                    delay = max(delay, min(result.retry_after, 3600))
            self._wake.clear()
            # Wait for the delay, a wake-up or a stop, whichever comes first.
            deadline = time.monotonic() + delay
            while not self._stop.is_set() and not self._wake.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._wake.wait(min(left, 1.0))

    def run_forever(self) -> None:
        """The background loop in the calling thread (``launch.py sync``)."""
        self._stop.clear()
        self._run()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self.releases is not None:
            self.releases.stop(timeout)
        if self._thread:
            self._thread.join(timeout)
        if self._client:
            self._client.close()
            self._client = None


def _detail(resp: httpx.Response) -> str:
    try:
        detail = resp.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return str(detail if detail is not None else resp.text[:200] or resp.reason_phrase)
