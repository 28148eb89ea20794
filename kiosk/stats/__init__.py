"""Visit statistics on the kiosk: a durable local event log and its sync to the collector.

``open_store(config)`` gives the :class:`StatsStore` that the shell and exhibits record
through (it implements :class:`kiosk.events.EventSink`); ``kiosk.stats.sync.SyncWorker``
sends what it holds to the collector.
"""
from __future__ import annotations

from kiosk.stats.store import StatsStore, open_store

__all__ = ["StatsStore", "open_store"]
