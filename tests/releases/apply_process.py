"""A process that applies one release change, saying how far it got (for SIGKILL tests).

    apply_process.py DATA FALLBACK PUBKEY install RELEASE_FILE   # install, then switch to it
    apply_process.py DATA FALLBACK PUBKEY rollback

Prints ``ready`` once everything is imported, then ``phase NAME`` lines as it goes, then
``done``. Each line is flushed before the next step starts, so the last line read
before a kill says which step was running.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.exhibits import exhibit_types  # noqa: E402
from kiosk.releases.apply import ReleaseManager  # noqa: E402
from contract.releases.keys import PublicKey, TrustedKeys  # noqa: E402
from kiosk.releases.store import ReleaseStore  # noqa: E402


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(data: str, fallback: str, pubkey: str, op: str, release: str | None = None) -> None:
    exhibit_types()  # imported now: the kill should land in the work, not in imports
    manager = ReleaseManager(ReleaseStore(Path(data) / "releases"), TrustedKeys([PublicKey.read(Path(pubkey))]),
                             Path(fallback), disk_margin=0)
    say("ready")
    if op == "install":
        manager.install(Path(release), allow_older=True, progress=lambda phase: say(f"phase {phase}"))
        say("phase switching")
        manager.switch_now(lock_timeout=None)
    elif op == "rollback":
        say("phase rolling_back")
        manager.rollback()
    else:
        raise SystemExit(f"unknown operation {op}")
    say("done")


if __name__ == "__main__":
    main(*sys.argv[1:])
