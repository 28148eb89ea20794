"""schemathesis against the collector's published OpenAPI description (``/openapi.json``
of a real server on SQLite), with a valid kiosk token: requests generated from the
description alone — valid ones, which the server must take, and broken ones — get no
5xx, and every answer matches the description (status documented, body schema, media
type, headers); a request the description forbids is refused. (A request the
description allows may still be refused with a documented 4xx: a JSON schema cannot
say "each event id once" or "at most 4096 bytes once encoded"; the description says
them in words, and ``test_a_generated_valid_batch_is_taken`` checks the common case.)
A few dozen examples per operation in the default run; ``-m slow`` runs more.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from collector.kiosks import add_kiosk
from tests.collector.helpers import fresh_engine, serve
from tests.collector.test_api import KIOSK

EXAMPLES, SLOW_EXAMPLES = 40, 500


@pytest.fixture(scope="module")
def collector(tmp_path_factory):
    engine = fresh_engine("sqlite", tmp_path_factory.mktemp("schemathesis"))
    token = add_kiosk(engine, KIOSK)
    with serve(engine) as url:
        yield url, token
    engine.dispose()


@pytest.fixture(scope="module")
def operations(collector):
    """Each operation of the description the running server publishes."""
    url, _ = collector
    published = schemathesis.openapi.from_url(url + "/openapi.json")
    return [result.ok() for result in published.get_all_operations()]


def call(case, collector) -> None:
    url, token = collector
    if isinstance(case.body, dict) and case.body.get("kiosk_id") not in (None, KIOSK) \
            and "positive" in str(case.meta.generation.mode).lower():
        case.body["kiosk_id"] = KIOSK  # a valid batch names the token's kiosk (403 otherwise, as documented)
    case.call_and_validate(base_url=url, headers={"Authorization": f"Bearer {token}"},
                           excluded_checks=[positive_data_acceptance])


def run(operations, collector, examples: int) -> None:
    # (built here rather than with @schema.parametrize: its pytest plugin lags behind pytest)
    assert {op.label for op in operations} >= {"POST /api/v1/events", "GET /api/v1/health"}
    for operation in operations:
        # (an operation that takes nothing has nothing to break)
        for mode in GenerationMode if operation.method.upper() == "POST" else [GenerationMode.POSITIVE]:
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, deadline=timedelta(seconds=30), derandomize=examples == EXAMPLES,
                      suppress_health_check=list(HealthCheck), database=None)
            def check(case):
                call(case, collector)

            check()


def test_the_api_keeps_to_its_description(operations, collector):
    run(operations, collector, EXAMPLES)


@pytest.mark.slow
def test_the_api_keeps_to_its_description_many(operations, collector):
    run(operations, collector, SLOW_EXAMPLES)


def test_a_generated_valid_batch_is_taken(operations, collector):
    """What the description allows is taken, or refused only for a rule it states in words."""
    url, token = collector
    events = next(op for op in operations if op.label == "POST /api/v1/events")
    outcomes = []
    words = ("appears twice", "bytes once encoded", "nested more than", "printable text", "out of range",
             "longer than", "not valid Unicode", "NUL", "not text")

    @given(case=events.as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(max_examples=EXAMPLES, deadline=timedelta(seconds=30), derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def send(case):
        case.body["kiosk_id"] = KIOSK
        response = case.call(base_url=url, headers={"Authorization": f"Bearer {token}"})
        detail = "" if response.status_code == 200 else response.json()["detail"]
        outcomes.append(response.status_code)
        assert response.status_code == 200 or (response.status_code == 422 and any(w in detail for w in words)), \
            (response.status_code, detail)

    send()
    assert 200 in outcomes, outcomes


def test_the_description_is_complete(collector):
    """Every schema it refers to is there; it declares the bearer scheme, the time bounds
    and the limits the server enforces."""
    import json
    import re

    import httpx

    from contract.limits import MAX_DATA_TEXT, MAX_EVENT_DATA_BYTES, MAX_EVENTS

    url, _ = collector
    spec = httpx.get(url + "/openapi.json").json()
    text = json.dumps(spec)
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text))
    assert refs and refs <= set(spec["components"]["schemas"]), refs - set(spec["components"]["schemas"])
    assert "WireEvent" in refs and "Batch" in refs
    assert spec["components"]["securitySchemes"]["kioskToken"] == {
        **spec["components"]["securitySchemes"]["kioskToken"], "type": "http", "scheme": "bearer"}
    operation = spec["paths"]["/api/v1/events"]["post"]
    assert operation["security"] == [{"kioskToken": []}]
    assert {"400", "401", "403", "413", "415", "422", "503"} <= set(operation["responses"])
    wall = spec["components"]["schemas"]["WireEvent"]["properties"]["wall_time"]
    assert wall["exclusiveMinimum"] == 0 and wall["exclusiveMaximum"] == 1e10
    events = spec["components"]["schemas"]["Batch"]["properties"]["events"]
    assert events["maxItems"] == MAX_EVENTS
    for limit in (MAX_EVENT_DATA_BYTES, MAX_DATA_TEXT):
        assert str(limit) in operation["requestBody"]["description"]
