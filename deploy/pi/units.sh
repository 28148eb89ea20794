#!/usr/bin/env bash
# Renders the systemd units (and the udev rule) of deploy/pi/units/ for this machine.
#   deploy/pi/units.sh OUTDIR [USER]
# OUTDIR: where the .service and .rules files go (install-pi.sh copies them into place);
# USER: the account that runs them (default: the owner of the project folder).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: $0 OUTDIR [USER]}"
user="${2:-$(stat -c %U "$root")}"
python="$root/.venv/bin/python"
case "$root" in
  *[[:space:]%@]*) echo "units: the project folder must not contain spaces, % or @: $root" >&2; exit 2 ;;
esac
mkdir -p "$out"
for template in "$root"/deploy/pi/units/*.service "$root"/deploy/pi/units/*.rules; do
  sed -e "s|@ROOT@|$root|g" -e "s|@USER@|$user|g" -e "s|@PYTHON@|$python|g" \
    "$template" > "$out/$(basename "$template")"
  echo "units: $out/$(basename "$template")"
done
