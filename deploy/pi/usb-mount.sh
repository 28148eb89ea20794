#!/usr/bin/env bash
# Mounts a USB stick read-only under /media/kiosk/<its label>, for the kiosk's staff
# panel ("Installer depuis une clé USB"), which looks in /media/*/* by default.
# Run by udev (deploy/pi/units/99-urssaf-kiosk-usb.rules) when a stick is plugged in,
# with udev's description of the device in the environment (DEVNAME, ID_FS_TYPE,
# ID_FS_LABEL); installed root-owned as /usr/local/lib/urssaf-kiosk/usb-mount.
#   usb-mount USER [--dry-run]
# USER: the account that runs the kiosk (it owns the files of FAT/exFAT/NTFS sticks).
# --dry-run: print the systemd-mount command instead of running it.
#
# Why systemd-mount: a udev rule may not mount anything itself (udev kills what it runs
# after a few seconds, and runs it in its own mount namespace); systemd-mount asks
# systemd to do it, with units bound to the device: pulling the stick out removes its
# mount. The mount is an automount: it is mounted when the kiosk reads it and
# unmounted after a few idle seconds, and it is read-only: nothing on the stick is
# ever written, so pulling it out at any moment loses nothing.
set -euo pipefail
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

user="${1:?usage: usb-mount USER [--dry-run]}"
dry_run=0
if [ "${2:-}" = --dry-run ]; then dry_run=1; fi
media=/media/kiosk
idle_s=5

say() {
  if [ "$dry_run" -eq 1 ]; then echo "usb-mount: $*"; else logger -t urssaf-kiosk-usb -- "$*"; fi
}

device="${DEVNAME:?usb-mount: DEVNAME is not set (run by udev)}"
fs_type="${ID_FS_TYPE:-}"

# Never a disk the system runs from (a Pi may boot from a USB disk).
if findmnt -rn -S "$device" >/dev/null 2>&1; then
  say "$device is already mounted: left alone"
  exit 0
fi
disk_of() { local parent; parent="$(lsblk -ndo PKNAME "$1" 2>/dev/null || true)"; echo "${parent:-$(basename "$1")}"; }
for system_path in / /boot/firmware /boot; do
  source="$(findmnt -rno SOURCE "$system_path" 2>/dev/null || true)"
  if [ -n "$source" ] && [ -b "$source" ] && [ -b "$device" ] && [ "$(disk_of "$source")" = "$(disk_of "$device")" ]; then
    say "$device is on the disk the system runs from: left alone"
    exit 0
  fi
done

# Read-only, no programs, no device files; files readable by the kiosk's account.
uid="$(id -u "$user")" gid="$(id -g "$user")"
owned="uid=$uid,gid=$gid,fmask=0133,dmask=0022"
case "$fs_type" in
  vfat) type=vfat options="ro,nosuid,nodev,noexec,$owned,utf8,shortname=mixed" ;;
  exfat) type=exfat options="ro,nosuid,nodev,noexec,$owned" ;;
  ntfs) type=ntfs3 options="ro,nosuid,nodev,noexec,$owned" ;;
  # noload: a read-only mount does not even replay the journal (it would write)
  ext3 | ext4) type="$fs_type" options="ro,nosuid,nodev,noexec,noload" ;;
  ext2) type=ext2 options="ro,nosuid,nodev,noexec" ;;
  *)
    say "$device: file system '${fs_type:-unknown}' not mounted (FAT, exFAT, NTFS or ext are)"
    exit 0
    ;;
esac

# The folder is the stick's label (what staff see in the panel), made safe; the
# device's name when it has none or when another stick already uses it.
label="$(printf '%s' "${ID_FS_LABEL:-}" | tr -c 'A-Za-z0-9._-' '_' | tr -s '_' | sed -e 's/^[._-]*//' -e 's/_*$//' | cut -c1-40)"
name="${label:-$(basename "$device")}"
if findmnt -rn -M "$media/$name" >/dev/null 2>&1; then
  name="$name-$(basename "$device")"
fi

command=(systemd-mount --no-block --collect --automount=yes --timeout-idle-sec="$idle_s"
  --type="$type" --options="$options" "$device" "$media/$name")
if [ "$dry_run" -eq 1 ]; then
  printf '%s\n' "${command[*]}"
  exit 0
fi
say "$device ($fs_type, label '${ID_FS_LABEL:-}') on $media/$name, read-only"
exec "${command[@]}"
