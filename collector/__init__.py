"""The statistics collector: an HTTP service (FastAPI) that receives kiosks' events
into SQLite or PostgreSQL, exactly once per event id. See :mod:`collector.db`
for the tables and ``connect(url)``."""
