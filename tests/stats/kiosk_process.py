"""A kiosk's statistics in a process of its own, for the SIGKILL test: it records
visits without pause and syncs in the background, and prints the id of each event once
the store has committed it (``committed ID``). The test kills it at random moments.

    python tests/stats/kiosk_process.py CONFIG COLLECTOR_URL TOKEN
"""
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.config import load_config  # noqa: E402
from kiosk.stats import open_store  # noqa: E402
from kiosk.stats.sync import SyncWorker  # noqa: E402

EVENTS = [("visit_started", {"language": "fr"}), ("exhibit_opened", {"exhibit_type": "info"}),
          ("info.page_viewed", {"page": 1}), ("exhibit_closed", {"exhibit_type": "info", "dwell_s": 4.2}),
          ("visit_ended", {"duration_s": 30.0, "reason": "idle"})]


def main(config_path: str, url: str, token: str) -> None:
    config = load_config(config_path)
    store = open_store(config)
    worker = SyncWorker(store, config, url=url, token=token, batch_events=25, backoff_base=0.02, backoff_cap=0.1)
    worker.start()
    print("ready", flush=True)
    rng = random.Random()
    while True:
        ids = [store.record_at(time.time(), kind, exhibit_id="bienvenue", content_version="v1", data=data,
                               visit_id="v") for kind, data in rng.choices(EVENTS, k=rng.randint(1, 20))]
        store.flush()
        print("committed", *ids, flush=True)

if __name__ == "__main__":
    main(*sys.argv[1:4])
