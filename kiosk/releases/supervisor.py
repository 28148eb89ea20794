"""The running kiosk's side of releases: switch between visits, watch the trial.

Pure Python, no Kivy: the app gives two callables, ``between_visits()`` (no visitor
is using the kiosk: the attract screen) and ``show(path)`` (load that content folder
and return the loaded content), and calls :meth:`tick` every few seconds from its
clock. A release on trial is confirmed after ``probation_s`` seconds of running
(monotonic time: never the wall clock) without a failure; a failure — content that does
not load, an error the app logs — rolls it back, and the previous content is shown at
the next moment between visits.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable

from .apply import ReleaseManager
from .store import StoreBusy

log = logging.getLogger(__name__)


class ReleaseSupervisor:
    def __init__(self, manager: ReleaseManager, *, between_visits: Callable[[], bool],
                 show: Callable[[Path], Any], clock: Callable[[], float] = time.monotonic):
        self.manager = manager
        self.between_visits = between_visits
        self.show = show
        self.clock = clock
        self.shown_path: Path | None = None
        self._trial_since: float | None = None
        self._pending: tuple[str, dict] | None = None  # a failure not yet recorded (store busy)
        self._lock = threading.RLock()  # failures may be reported from any thread

    @property
    def on_trial(self) -> bool:
        return self._trial_since is not None

    # --- what the app tells it ---------------------------------------------------------------
    def started(self, path: Path, content) -> None:
        """The app loaded ``path`` (from :meth:`ReleaseManager.content_to_load`) at start."""
        with self._lock:
            self._shown(Path(path), content)
            self._flush()
            if self._pending is None and Path(self.manager.content_to_load()) != self.shown_path:
                self._show(self.manager.content_to_load())  # rolled back before the first visit

    def failure(self, detail: str) -> None:
        """Something failed (an exception the app caught): fatal to a release on trial."""
        with self._lock:
            if self.on_trial and self._pending is None:
                self._pending = ("reason.error_on_trial", {"detail": detail[:300]})
                self._flush()

    def tick(self) -> None:
        with self._lock:
            self._tick()

    def _tick(self) -> None:
        self._flush()
        if self.on_trial and self._pending is None and self.clock() - self._trial_since >= self.manager.probation_s:
            try:
                self.manager.confirm_healthy()
                self._trial_since = None
                log.info("releases: the new content ran %ss without error: kept", self.manager.probation_s)
            except StoreBusy:
                pass
        if not self.between_visits():
            return
        if self.manager.state().ready:
            try:
                self.manager.switch_now()
            except StoreBusy:
                return
        for _attempt in range(2):  # a release that fails to load is replaced at once by the previous one
            target = Path(self.manager.content_to_load())
            if target == self.shown_path:
                break
            self._show(target)

    # --- inside ------------------------------------------------------------------------------
    def _show(self, target: Path) -> None:
        try:
            content = self.show(target)
        except Exception as exc:  # the app could not even build it
            log.exception("releases: showing %s failed", target)
            content = None
            self._shown(target, None, error=f"{type(exc).__name__}: {exc}")
            self._flush()
            return
        self._shown(target, content)
        self._flush()

    def _shown(self, path: Path, content, error: str | None = None) -> None:
        self.shown_path = path
        state = self.manager.state()
        on_trial = bool(state.current and state.trial and path == self.manager.store.content_dir(state.current))
        self._trial_since = self.clock() if on_trial else None
        if not on_trial:
            return
        errors = getattr(content, "errors", None) if content is not None else None
        if error is None and errors:
            error = str(errors[0])
        if error is not None:
            self._pending = ("reason.load_failed", {"detail": error[:300]})

    def _flush(self) -> None:
        if self._pending is None:
            return
        key, values = self._pending
        try:
            rolled_back = self.manager.report_failure(key, **values)
        except StoreBusy:
            return  # next tick
        self._pending = None
        self._trial_since = None
        if rolled_back:
            log.warning("releases: the new content failed (%s): back to the previous content", values)


class FailureLogHandler(logging.Handler):
    """Turns exceptions the app logs (``log.exception`` on its logger) into failures of
    the release on trial. Only the named loggers count: a sync or statistics error is
    not the content's fault."""

    def __init__(self, supervisor: ReleaseSupervisor, logger_names: tuple[str, ...] = ("kiosk",)):
        super().__init__(level=logging.ERROR)
        self.supervisor = supervisor
        self.logger_names = logger_names
        self._inside = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._inside or record.name not in self.logger_names or not record.exc_info:
            return
        self._inside = True
        try:
            exc = record.exc_info[1]
            detail = f"{record.getMessage()}: {type(exc).__name__}: {exc}" if exc else record.getMessage()
            self.supervisor.failure(detail)
        except Exception:  # a logging handler never raises
            pass
        finally:
            self._inside = False
