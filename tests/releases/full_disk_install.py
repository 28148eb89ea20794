"""Run inside a private mount namespace whose DATA folder is a tiny tmpfs (see
test_store.py): installs releases onto a really full disk and prints what happened.

    full_disk_install.py DATA FALLBACK PUBKEY RELEASE...
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.releases.apply import ReleaseManager  # noqa: E402
from kiosk.releases.durable import free_bytes  # noqa: E402
from contract.releases.keys import PublicKey, TrustedKeys  # noqa: E402
from kiosk.releases.messages import ReleaseError  # noqa: E402
from kiosk.releases.store import ReleaseStore  # noqa: E402
from kiosk.releases.verify import verify_installed  # noqa: E402


def main(data: str, fallback: str, pubkey: str, *releases: str) -> None:
    manager = ReleaseManager(ReleaseStore(Path(data) / "releases"), TrustedKeys([PublicKey.read(Path(pubkey))]),
                             Path(fallback), disk_margin=0)
    results = []
    for path in releases:
        entry = {"file": Path(path).name, "free_before": free_bytes(Path(data))}
        try:
            manager.install(Path(path))
            manager.switch_now()
            entry["result"] = "installed"
        except ReleaseError as exc:
            entry["result"] = exc.key
            entry["message"] = exc.text("en")
        state = manager.state()
        entry["current"] = state.current
        entry["whole"] = bool(state.current) and verify_installed(manager.store.release_dir(state.current)) is not None
        entry["content"] = str(manager.content_to_load())
        entry["staging_left"] = sorted(p.name for p in (manager.store.root / "staging").glob("*")) \
            if (manager.store.root / "staging").is_dir() else []
        entry["free_after"] = free_bytes(Path(data))
        results.append(entry)
    print(json.dumps(results))


if __name__ == "__main__":
    main(*sys.argv[1:])
