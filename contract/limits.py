"""Sizes both ends agree on. The kiosk cleans what it records to fit them, the collector
refuses what does not: an event the kiosk kept must never make a batch fail.

The collector states them in its API description (``/openapi.json``) and refuses a
request over one of them with a 4xx naming the limit, before holding more than a few
MB of it in memory.
"""
from __future__ import annotations

#: events in one HTTP batch (the kiosk sends at most BATCH_EVENTS, well under it)
MAX_EVENTS = 5000
#: events in one USB bundle (imported by hand, not over HTTP)
BUNDLE_MAX_EVENTS = 100_000
#: ids, kinds, content versions, visit ids: printable text, 1 to 64 characters
SHORT_TEXT = 64
#: the site's name in the envelope and health report
SITE_TEXT = 200
#: a département number (2 or 3 characters: 31, 2A, 974)
DEPARTEMENT_TEXT = 3
#: integers in event data and health reports: what a JSON double holds exactly
MAX_INT = 2**53
#: nesting of event data (objects and lists inside each other)
MAX_DEPTH = 20
#: a free text a visitor typed or said (when a privacy setting lets it be kept)
FREE_TEXT = 200
#: a duration in seconds beyond a day is a broken clock, not a visit
MAX_SECONDS = 86_400
#: any one string (or key) in event data or a health report, in characters
MAX_DATA_TEXT = 1000
#: one event's ``data``, as compact UTF-8 JSON (:func:`contract.jsonsafe.json_size`)
MAX_EVENT_DATA_BYTES = 4096
#: a kiosk's health report, as compact UTF-8 JSON
MAX_HEALTH_BYTES = 65_536
#: technical errors in one health report (the kiosk sends the latest ones)
MAX_HEALTH_ERRORS = 50
#: an HTTP batch as sent (gzip-compressed or not)
MAX_BATCH_BODY_BYTES = 4_000_000
#: an HTTP batch once decompressed. The kiosk's batches fit by construction: at most
#: 1,000 events, each at most ~2.5 KB of envelope plus MAX_EVENT_DATA_BYTES of data, and
#: one health report (tests/contract checks the sum).
MAX_BATCH_JSON_BYTES = 8_000_000
#: a USB bundle file on disk (gzip-compressed)
MAX_BUNDLE_FILE_BYTES = 64_000_000
#: a USB bundle once decompressed: the kiosk splits its exports to stay under it, the
#: collector stops inflating a bundle past it (a "zip bomb" costs it a few MB)
MAX_BUNDLE_JSON_BYTES = 100_000_000
