"""The shell commands of the guides in docs/: every ```sh block, in order.

Fences say where a block runs:
  ```sh             run by tests/docs in a temporary copy of the project; must exit 0
  ```sh background  started there, must come up (its --port answers, or it tells
                    systemd READY=1), stopped after the guide's last block
  ```sh pi          a Raspberry Pi command, run as the user pi (with sudo) in a clean
                    Debian root by tests/deploy/test_pi_install_chroot.py (slow)
Other fences (```yaml, ```text) are examples, not commands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
KINDS = {"sh": "run", "sh background": "background", "sh pi": "pi"}
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.M | re.S)


@dataclass(frozen=True)
class Block:
    guide: Path
    line: int
    kind: str  # run, background, pi, or the fence's info string when it is not a command
    text: str

    def __str__(self) -> str:
        return f"{self.guide.relative_to(ROOT)}:{self.line}"


def blocks(guide: Path) -> list[Block]:
    text = guide.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        info = " ".join(match.group(1).split())
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(guide, line, KINDS.get(info, info), match.group(2)))
    return found


def guides() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def copy_project(dest: Path) -> None:
    """The project as a fresh clone has it: tracked and new files, not .venv, data nor artifacts."""
    import shutil
    import subprocess

    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file() and not name.startswith(("data/", "artifacts/", ".venv/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
