"""Putting the running kiosk together: statistics store, sync worker, the app.

Each part is built from the config here and handed to the app, so the app never
builds its own dependencies.
"""
from __future__ import annotations

import logging

log = logging.getLogger("kiosk")


class KioskRuntime:
    def __init__(self, config, *, kiosk_mode: bool):
        self.config = config
        self.kiosk_mode = kiosk_mode
        self.stats = None
        self.sync = None

    def _open_statistics(self) -> None:
        try:
            from kiosk.stats import open_store

            self.stats = open_store(self.config)
        except Exception:  # the kiosk still runs; the staff panel shows the problem
            log.exception("statistics store unavailable: events will not be kept")
            self.stats = None

    def _start_sync(self, app) -> None:
        if self.stats is None or not self.config.collector.url:
            return
        try:
            from kiosk.stats.sync import SyncWorker

            # the health report names the content version the kiosk shows right now
            self.sync = SyncWorker(self.stats, self.config,
                                   health_extra=lambda: {"content_version": app.content.version})
            self.sync.start()
        except Exception:
            log.exception("sync worker could not start")

    def run(self) -> None:
        self._open_statistics()
        from kiosk.ui.app import KioskApp
        from kiosk.watchdog import Watchdog

        app = KioskApp(self.config, stats=self.stats, kiosk_mode=self.kiosk_mode, watchdog=Watchdog())
        self._start_sync(app)
        from kiosk.ui.shutdown import StopOnSignals

        signals = StopOnSignals(app).install()
        try:
            app.run()
        finally:
            signals.uninstall()
            if self.sync is not None:
                self.sync.stop(timeout=1)  # unacknowledged events stay pending: nothing is lost
            if self.stats is not None:
                self.stats.close()
