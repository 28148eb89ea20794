#!/usr/bin/env bash
# One command for organisers: install what is missing, then start the kiosk.
# Arguments are passed to launch.py, e.g.  deploy/run-kiosk.sh --windowed
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/deploy/install.sh" kiosk
cd "$root"
exec .venv/bin/python launch.py "$@"
