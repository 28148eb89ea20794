"""The limits both ends agree on fit together: the biggest event any kind of the
catalogue can make fits an event's data limit, and the kiosk's biggest batch fits what
the collector inflates — so the collector never refuses, as too big, what the kiosk
kept."""
from __future__ import annotations

import json
from typing import Annotated, get_args

from pydantic import TypeAdapter, ValidationError

from contract.jsonsafe import json_size
from contract.limits import (DEPARTEMENT_TEXT, MAX_BATCH_JSON_BYTES, MAX_EVENT_DATA_BYTES, MAX_HEALTH_BYTES,
                             SHORT_TEXT, SITE_TEXT)
from contract.wire import Batch, encode
from kiosk.exhibits import catalogue
from kiosk.stats.sync import BATCH_EVENTS

#: the costliest characters in JSON: a control character (escaped to 6 bytes) and an
#: astral letter (4 bytes of UTF-8, printable)
CONTROL, ASTRAL = "\x01", "\U0001d54f"
NUMBERS = [-(2**53), 2**53, -1.2345678901234567e-300, 86399.99999999999, 0.12345678901234568, 10_000, 1]


def worst_value(annotation, metadata, strict: bool) -> object:
    """The value of this field type that takes the most bytes in JSON."""
    adapter = TypeAdapter(Annotated[(annotation, *metadata)] if metadata else annotation)
    candidates = [None, True, False, *NUMBERS, *get_args(annotation)]
    for length in (1000, 200, 64, 3, 2, 1):
        candidates += [CONTROL * length, ASTRAL * length, "a" * length]
    fitting = []
    for value in candidates:
        try:
            adapter.validate_python(value, strict=strict)
        except (ValidationError, TypeError):
            continue
        fitting.append(value)
    return max(fitting, key=lambda v: json_size(v))


def test_the_biggest_data_of_every_kind_fits_the_event_limit():
    for model in catalogue():
        strict = bool(model.model_config.get("strict"))
        data = {name: worst_value(f.annotation, f.metadata, strict) for name, f in model.model_fields.items()}
        model.model_validate(data)
        assert json_size(data) <= MAX_EVENT_DATA_BYTES, (model.kind, json_size(data))


def test_the_kiosks_biggest_batch_fits_what_the_collector_inflates():
    event = {"event_id": "e" * SHORT_TEXT, "seq": 2**63 - 1, "kind": ASTRAL * SHORT_TEXT,
             "exhibit_id": ASTRAL * SHORT_TEXT, "content_version": ASTRAL * SHORT_TEXT,
             "visit_id": ASTRAL * SHORT_TEXT, "wall_time": 9999999999.999998, "mono_ns": 2**63 - 1,
             "boot_id": "b" * SHORT_TEXT, "site": ASTRAL * SITE_TEXT, "departement": ASTRAL * DEPARTEMENT_TEXT,
             "data": {"d": CONTROL * ((MAX_EVENT_DATA_BYTES - 8) // 6)}}
    assert json_size(event["data"]) <= MAX_EVENT_DATA_BYTES
    health = {"pending": 0, **{f"x{i:03d}": "h" * 990 for i in range(MAX_HEALTH_BYTES // 1000 - 1)}}
    assert json_size(health) <= MAX_HEALTH_BYTES
    batch = {"kiosk_id": "k" * SHORT_TEXT, "sent_at": 9999999999.999998, "sent_mono_ns": 2**63 - 1,
             "boot_id": "b" * SHORT_TEXT, "health": health}
    one = Batch.model_validate_json(json.dumps({**batch, "events": [event]}))  # each part is valid
    assert one.events[0].site == event["site"]
    import gzip

    text = gzip.decompress(encode({**batch, "events": [event] * BATCH_EVENTS}))
    assert len(text) <= MAX_BATCH_JSON_BYTES, len(text)
