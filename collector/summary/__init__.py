"""The summary tables the dashboard reads (:mod:`.rollup`, SQL helpers in
:mod:`.sqlfuncs`) and the retention of raw events (:mod:`.retention`), which summarises
before it deletes. Below the dashboard: it knows tables and the event catalogue, not pages."""
