"""Sizes both ends agree on. The kiosk cleans what it records to fit them, the collector
refuses what does not: an event the kiosk kept must never make a batch fail."""
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
