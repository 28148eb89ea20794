"""Putting the running kiosk together: statistics store, sync worker, content releases, the app.

Each part is built from the config here and handed to the app, so the app never
builds its own dependencies.
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("kiosk")

RELEASE_TICK_S = 2.0  # how often the kiosk looks for a release to switch to, between visits


class KioskRuntime:
    def __init__(self, config, *, kiosk_mode: bool):
        self.config = config
        self.kiosk_mode = kiosk_mode
        self.stats = None
        self.sync = None
        self.releases = None  # kiosk.releases.apply.ReleaseManager, or None
        self.supervisor = None
        self._supervision = None  # (Kivy clock event, log handler) while releases are supervised

    def _open_statistics(self) -> None:
        try:
            from kiosk.stats import open_store

            self.stats = open_store(self.config)
        except Exception:  # the kiosk still runs; the staff panel shows the problem
            log.exception("statistics store unavailable: events will not be kept")
            self.stats = None

    def _open_releases(self) -> Path:
        """The content folder to show: the installed release, else the config's folder."""
        try:
            from kiosk.releases.apply import ReleaseManager

            self.releases = ReleaseManager.from_config(self.config)
            self.releases.kiosk_started()
            return self.releases.content_to_load()
        except Exception:  # releases are an extra: the content folder still works
            log.exception("content releases unavailable: showing the content folder")
            self.releases = None
            return self.config.content_path

    def _supervise_releases(self, app) -> None:
        """Switch to a new release between visits; roll it back if it fails on trial."""
        if self.releases is None:
            return
        from kivy.clock import Clock

        from kiosk.releases.supervisor import FailureLogHandler, ReleaseSupervisor

        supervisor = ReleaseSupervisor(
            self.releases,
            between_visits=app.between_visits,
            show=lambda path: show_content(app, path),
        )
        supervisor.started(app.content.root, app.content)
        handler = FailureLogHandler(supervisor)
        logging.getLogger("kiosk").addHandler(handler)

        def tick(_dt):
            try:
                supervisor.tick()
            except Exception:  # never the visitors' problem; logged outside the app's logger
                logging.getLogger("kiosk.releases").exception("releases: supervision failed")

        self.supervisor = supervisor
        self._supervision = (Clock.schedule_interval(tick, RELEASE_TICK_S), handler)
        if app.release_desk is None:  # the staff panel installs and goes back with it
            from kiosk.releases.desk import ReleaseDesk

            app.release_desk = ReleaseDesk(self.releases, self.config.releases.usb_folders)
        app.release_check = lambda: tick(0)  # staff left the panel: show their choice now

    def _stop_supervision(self) -> None:
        if self._supervision is not None:
            event, handler = self._supervision
            event.cancel()
            logging.getLogger("kiosk").removeHandler(handler)
            self._supervision = None

    def _health_extra(self, app) -> dict:
        # the health report names the content the kiosk shows right now, and the release
        extra = {"content_version": app.content.version}
        if self.releases is not None:
            extra["release"] = self.releases.status()
        return extra

    def _start_sync(self, app) -> None:
        if self.stats is None or not self.config.collector.url:
            return
        try:
            from kiosk.stats.sync import SyncWorker

            self.sync = SyncWorker(self.stats, self.config, health_extra=lambda: self._health_extra(app),
                                   releases=self.releases)
            self.sync.start()
        except Exception:
            log.exception("sync worker could not start")

    def run(self) -> None:
        self._open_statistics()
        content_path = self._open_releases()
        from kiosk.ui.app import KioskApp
        from kiosk.watchdog import Watchdog

        app = KioskApp(self.config.model_copy(update={"content_dir": str(content_path)}),
                       stats=self.stats, kiosk_mode=self.kiosk_mode, watchdog=Watchdog())
        self._supervise_releases(app)
        self._start_sync(app)
        from kiosk.ui.shutdown import StopOnSignals

        signals = StopOnSignals(app).install()
        try:
            app.run()
        finally:
            self._stop_supervision()
            signals.uninstall()
            if self.sync is not None:
                self.sync.stop(timeout=1)  # unacknowledged events stay pending: nothing is lost
            if self.stats is not None:
                self.stats.close()


def show_content(app, path: Path):
    """Make the app show the content folder ``path`` (between visits); returns the content."""
    app.kiosk_config = app.kiosk_config.model_copy(update={"content_dir": str(path)})
    if app.navigator is None:  # not built yet: loading is enough
        return app.load_content()
    app.reload_content()
    return app.content
