"""``stats simulate`` makes up visits from the exhibit types' own hooks: every event it
records matches the catalogue, every type is visited, and linked types use what they
link to (the voicebot, its chatbot's intents)."""
from __future__ import annotations

import random
from collections import defaultdict

from kiosk import PROJECT_ROOT
from kiosk.exhibits import catalogue, manifests
from kiosk.stats.simulate import content_from_folder, made_up_content, simulate_visits


class Recorder:
    def __init__(self):
        self.events = []

    def record_at(self, t, kind, **fields):
        self.events.append((t, kind, fields))


def test_every_type_is_simulated_with_events_of_the_catalogue():
    store = Recorder()
    made = simulate_visits(store, 200, start=1.7e9, end=1.7e9 + 86400 * 3, rng=random.Random(1),
                           content=made_up_content())
    assert made == len(store.events) > 200
    kinds = catalogue()
    for _t, kind, fields in store.events:
        kinds.validate(kind, fields["data"])
    seen = {kind for _t, kind, _f in store.events}
    for name, manifest in manifests().items():
        assert {k.kind for k in manifest.events} & seen, f"no event of type {name} was simulated"


def test_the_shipped_content_gives_ids_and_links():
    content = content_from_folder(PROJECT_ROOT / "exhibits")
    by_type = {e.type: e for e in content.exhibits}
    assert by_type.keys() == manifests().keys()
    store = Recorder()
    simulate_visits(store, 150, start=1.7e9, end=1.7e9 + 86400, rng=random.Random(2), content=content)
    intents = defaultdict(set)
    for _t, kind, fields in store.events:
        if fields["data"].get("intent"):
            intents[kind].add(fields["data"]["intent"])
    chatbot_intents = {i.id for e in content.exhibits for i in getattr(e.definition, "intents", [])}
    assert intents and all(found <= chatbot_intents for found in intents.values())
    assert len(intents) == 2  # typed and spoken questions, both on the chatbot's intents
