#!/usr/bin/env bash
# Installs what the project needs on Debian 12 / Raspberry Pi OS Bookworm:
# system packages (apt) and the Python packages in ./.venv. Safe to run again: it
# only does what is missing.
#   deploy/install.sh kiosk       the kiosk (default)
#   deploy/install.sh collector   the kiosk code plus the statistics collector
#   deploy/install.sh test        everything the test suite needs
# A second argument does one half only: --system (apt, as root) or --python (.venv,
# as the user who runs the kiosk); deploy/pi/install-pi.sh uses both.
set -euo pipefail
profile="${1:-kiosk}"
step="${2:-all}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

kiosk_apt=(python3 python3-venv python3-dev espeak-ng libespeak-ng1 libgl1 libgl1-mesa-dri
           libegl1 libgles2 libmtdev1 libasound2 libpulse0 libsdl2-2.0-0 fonts-dejavu-core)
collector_apt=(postgresql-client)
test_apt=(xvfb xauth libxtst6 matchbox-window-manager weston xwayland sox chromium postgresql shellcheck systemd)

case "$profile" in
  kiosk) apt_pkgs=("${kiosk_apt[@]}"); extras="" ;;
  collector) apt_pkgs=("${kiosk_apt[@]}" "${collector_apt[@]}"); extras="[collector]" ;;
  test) apt_pkgs=("${kiosk_apt[@]}" "${collector_apt[@]}" "${test_apt[@]}"); extras="[collector,test]" ;;
  *) echo "usage: $0 [kiosk|collector|test] [--system|--python]" >&2; exit 2 ;;
esac
case "$step" in
  all|--system|--python) ;;
  *) echo "usage: $0 [kiosk|collector|test] [--system|--python]" >&2; exit 2 ;;
esac

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ "$step" = --python ] && apt_pkgs=()
for pkg in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install: system packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
[ "$step" = --system ] && exit 0

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "install: creating .venv"
  "$python" -m venv .venv
fi
# Reinstall the Python packages only when the dependency list changed.
stamp=".venv/.installed-$profile"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "install: Python packages ($profile)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extras"
  echo "$want" > "$stamp"
fi
