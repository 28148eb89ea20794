"""The statistics collector: an HTTP service (FastAPI) that receives kiosks' events
into SQLite or PostgreSQL, exactly once per event id, and the coordinators' dashboard.

Layers, each importing only those below it (checked by tests/architecture):

- ``collector.app``, ``collector.cli``: the web app and the ``launch.py collector`` commands;
- ``collector.dashboard``: pages, exports, accounts;
- ``collector.summary``: the summary tables the dashboard reads, and retention;
- ``collector.db``, ``.ingest``, ``.kiosks``, ``.bundles``, ``.totals``, ``.catalogue``:
  the database and what goes into it;
- ``contract`` and the exhibit types' manifests (``kiosk.exhibits``, which import only
  ``contract``): the shared event catalogue and envelope. Nothing else of the kiosk.
"""
