#!/usr/bin/env bash
# One command for developers and CI: install what tests need, then run them on a
# virtual screen (Xvfb). Arguments are passed to pytest, e.g.  deploy/run-tests.sh -k check
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/deploy/install.sh" test
cd "$root"
# A real PostgreSQL server for the collector's tests (started and stopped here).
if [ -x deploy/test-postgres.sh ]; then
  # shellcheck disable=SC1091
  source deploy/test-postgres.sh
fi
mkdir -p artifacts
status=0
# One test process per core (pytest-xdist; '-n 0' runs them in this process).
xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m pytest -n "${KIOSK_TEST_PROCESSES:-auto}" "$@" || status=$?
exit "$status"
