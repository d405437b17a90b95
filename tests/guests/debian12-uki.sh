#!/bin/sh
# debian12-uki.sh OUTDIR: OUTDIR/disk.img, the systemd-boot guest of
# debian12-esp.sh (built first, in its own directory beside OUTDIR) booted
# by a unified kernel image instead: its kernel and initrd, taken from the
# ESP, go into EFI/Linux/debian-KVER.efi (tests/uki.sh: objcopy from
# systemd-stub) with a .cmdline (the type #1 entry's options and
# vt.layout=uki) and an .osrel; the type #1 entry and /MACHINE-ID/ are
# removed, so the UKI is the only thing to boot. mtools on the image file:
# nothing is mounted. OUTDIR/cmdline is the UKI's command line.
set -eu

out=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../uki.sh"
esp=$(dirname "$out")/debian12-esp
flock "$esp.lock" "$here/debian12-esp.sh" "$esp"
# Rebuilt when the ESP guest is.
key=$(cat "$0" "$here/../uki.sh" | sha256sum | cut -d' ' -f1)-$(cat "$esp/key")
[ "$(cat "$out/key" 2>/dev/null)" = "$key" ] && [ -f "$out/disk.img" ] && exit 0
rm -rf "$out" && mkdir -p "$out"

cp --sparse=always "$esp/disk.img" "$out/disk.img"
cp "$esp/kver" "$esp/.unpacked" "$esp/root.at" "$out/"
kver=$(cat "$out/kver")
img=$out/disk.img@@1M
entry=$(mdir -i "$img" -b ::/loader/entries | head -n1)
mtype -i "$img" "$entry" > "$out/entry.conf"
path() { awk -v k="$1" '$1 == k { print $2 }' "$out/entry.conf"; }
mcopy -i "$img" "::$(path linux)" "$out/linux"
mcopy -i "$img" "::$(path initrd)" "$out/initrd"
printf '%s vt.layout=uki' "$(awk '$1 == "options" { $1 = ""; print }' "$out/entry.conf" | sed 's/^ //')" \
	> "$out/cmdline"
printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' > "$out/osrel"
make_uki "$out/uki.efi" "$out/linux" "$out/initrd" "$out/cmdline" "$out/osrel"
mdel -i "$img" "$entry"
mdeltree -i "$img" "::$(dirname "$(dirname "$(path linux)")")"
mcopy -i "$img" "$out/uki.efi" "::/EFI/Linux/debian-$kver.efi"
rm -f "$out/linux" "$out/initrd" "$out/uki.efi" "$out/osrel"
echo "$key" > "$out/key"
