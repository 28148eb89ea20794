#!/usr/bin/env bash
# Turns a Raspberry Pi (Raspberry Pi OS Bookworm 64-bit, Lite or Desktop) into an
# exhibition kiosk that starts at boot, full screen on the console, and restarts by
# itself. Run from the project folder, as root; safe to run again.
#   sudo deploy/pi/install-pi.sh                 the kiosk
#   sudo deploy/pi/install-pi.sh --collector     the kiosk and the statistics collector
#   sudo deploy/pi/install-pi.sh --collector-only a collector server, no kiosk
# Options: --user NAME (account that runs the kiosk; default: the project folder's
# owner, or a new "kiosk" account when root owns it), --volatile-logs (journal in RAM
# only: fewest SD card writes, but logs are lost at each reboot), --no-start.
# Guide: docs/organisers/raspberry-pi.md
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

user="" kiosk=1 collector=0 volatile_logs=0 start=1
while [ "$#" -gt 0 ]; do
  case "$1" in
    --user) user="${2:?--user needs a name}"; shift ;;
    --collector) collector=1 ;;
    --collector-only) collector=1; kiosk=0 ;;
    --volatile-logs) volatile_logs=1 ;;
    --no-start) start=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install-pi: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "install-pi: $*"; }
if [ "$(id -u)" -ne 0 ]; then
  echo "install-pi: run it as root: sudo $0" >&2
  exit 1
fi
# shellcheck disable=SC1091
. /etc/os-release
if [ "${VERSION_CODENAME:-}" != bookworm ]; then
  say "warning: made for Bookworm, this is ${PRETTY_NAME:-an unknown system}"
fi

# --- the account that runs the kiosk -------------------------------------------------
if [ -z "$user" ]; then
  user="$(stat -c %U "$root")"
  if [ "$user" = root ]; then user=kiosk; fi
fi
if ! id "$user" >/dev/null 2>&1; then
  say "creating the account $user"
  useradd --create-home --shell /usr/sbin/nologin --user-group "$user"
fi
if [ "$(stat -c %U "$root")" != "$user" ]; then
  say "giving $root to $user"
  chown -R "$user:" "$root"
fi
# Display (video, render), touchscreen (input), sound (audio), console (tty);
# only the groups this system has.
groups=()
for group in video render input audio tty; do
  if getent group "$group" >/dev/null; then groups+=("$group"); fi
done
if [ "${#groups[@]}" -gt 0 ]; then
  usermod -a -G "$(IFS=,; echo "${groups[*]}")" "$user"
fi
home="$(getent passwd "$user" | cut -d: -f6)"
as_user() { runuser -u "$user" -- env HOME="$home" "$@"; }

# --- system packages and the project's .venv (the shared installer) -----------------
profile=kiosk
if [ "$collector" -eq 1 ]; then profile=collector; fi
deploy/install.sh "$profile" --system
# KMS/DRM display for SDL2 (no desktop needed), and ALSA tools to test the microphone.
pi_apt=(libdrm2 libgbm1 alsa-utils)
missing=()
for pkg in "${pi_apt[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "system packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
as_user deploy/install.sh "$profile" --python
# Byte-compiled once here: the service runs with PYTHONDONTWRITEBYTECODE (SD card).
as_user .venv/bin/python -m compileall -q kiosk launch.py >/dev/null
as_user mkdir -p "$root/data"

# --- systemd units --------------------------------------------------------------------
units_dir=/etc/systemd/system
tmp_units="$(mktemp -d)"
trap 'rm -rf "$tmp_units"' EXIT
deploy/pi/units.sh "$tmp_units" "$user" >/dev/null
if [ "$kiosk" -eq 1 ]; then
  install -m 0644 "$tmp_units/urssaf-kiosk.service" "$units_dir/"
  # Kivy's input config, once now (the unit redoes it at each start).
  install -d -o "$user" -g "$(id -gn "$user")" /var/lib/urssaf-kiosk
  as_user .venv/bin/python deploy/pi/touch_input.py --kivy-home /var/lib/urssaf-kiosk/kivy
fi
if [ "$collector" -eq 1 ]; then
  install -m 0644 "$tmp_units/urssaf-collector.service" "$units_dir/"
  if [ ! -e /etc/default/urssaf-collector ]; then
    printf '%s\n' "# The collector's settings (see docs/coordinators/guide.md)." \
      "# Options of 'launch.py collector serve', e.g. --host 0.0.0.0 --port 8750 --db postgresql://…" \
      "COLLECTOR_ARGS=" \
      "# Dashboard: KIOSK_DASHBOARD_SILENT_HOURS=24, KIOSK_DASHBOARD_TZ=Europe/Paris," \
      "# KIOSK_DASHBOARD_SECURE_COOKIE=1 once served over HTTPS." \
      "# Raw events kept for KIOSK_COLLECTOR_RETENTION_MONTHS=25 months." > /etc/default/urssaf-collector
  fi
fi

# --- USB sticks: mounted read-only for the staff panel's "install from a USB stick" ----
# A udev rule hands each stick to systemd-mount (part of systemd: nothing to add to
# Raspberry Pi OS Lite, which mounts nothing by itself); see deploy/pi/usb-mount.sh.
if [ "$kiosk" -eq 1 ]; then
  install -D -m 0755 deploy/pi/usb-mount.sh /usr/local/lib/urssaf-kiosk/usb-mount
  install -D -m 0644 "$tmp_units/99-urssaf-kiosk-usb.rules" /etc/udev/rules.d/99-urssaf-kiosk-usb.rules
  if [ -d /run/systemd/system ] && command -v udevadm >/dev/null; then
    udevadm control --reload-rules || say "warning: udev did not reload its rules (a reboot will)"
  fi
fi

# --- journald: bounded, and gentle with the SD card -------------------------------------
install -d /etc/systemd/journald.conf.d
install -m 0644 deploy/pi/journald.conf /etc/systemd/journald.conf.d/urssaf-kiosk.conf
if [ "$volatile_logs" -eq 1 ]; then
  printf '%s\n' "[Journal]" "Storage=volatile" > /etc/systemd/journald.conf.d/urssaf-kiosk-volatile.conf
else
  rm -f /etc/systemd/journald.conf.d/urssaf-kiosk-volatile.conf
fi

if [ "$kiosk" -eq 1 ]; then
  # --- the screen never blanks: console blanking off on the kernel command line ------
  for cmdline in /boot/firmware/cmdline.txt /boot/cmdline.txt; do
    if [ -f "$cmdline" ]; then
      grep -q 'consoleblank=0' "$cmdline" || sed -i '1 s/$/ consoleblank=0/' "$cmdline"
      say "screen blanking off in $cmdline"
      break
    fi
  done
  # --- no desktop, no login prompt on the kiosk's console ------------------------------
  if [ "$(systemctl get-default 2>/dev/null || true)" = graphical.target ]; then
    say "starting in console mode (the desktop no longer starts at boot)"
    systemctl set-default multi-user.target
  fi
  systemctl disable getty@tty1.service 2>/dev/null || true
  systemctl enable urssaf-kiosk.service
fi
if [ "$collector" -eq 1 ]; then systemctl enable urssaf-collector.service; fi

# --- start now when systemd runs (not in a chroot or an image being built) -------------
if [ "$start" -eq 1 ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl restart systemd-journald
  if [ "$kiosk" -eq 1 ]; then systemctl restart urssaf-kiosk.service; fi
  if [ "$collector" -eq 1 ]; then systemctl restart urssaf-collector.service; fi
fi

as_user .venv/bin/python launch.py check
say "done. The kiosk starts at each boot; its log: journalctl -u urssaf-kiosk"
