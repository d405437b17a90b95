#!/bin/sh
# debian12-esp.sh OUTDIR: OUTDIR/disk.img, a real Debian 12 system
# (debian12-lib.sh) booted by systemd-boot: GPT with an ESP (vfat, made with
# mformat on an image file) and an ext4 root. The first boot runs
# `bootctl install` (--no-variables: it boots without UEFI, so there are no
# efivars) and `kernel-install add`, which write loader/loader.conf,
# loader/entries/MACHINE-ID-KVER.conf and /MACHINE-ID/KVER/{linux,initrd.img-KVER}
# on the ESP (mounted at /efi), then removes the kernels from /boot: the
# ESP's entry is the only way to boot it. No GRUB.
# OUTDIR/kver names the guest's kernel, OUTDIR/.unpacked its package and version.
set -eu

out=$1
. "$(dirname "$0")/debian12-lib.sh"
guest_cached "$out" "$0"

# Fixed identities: the partition table, fstab and the entries name them before they exist.
ROOT_UUID=6a7c0e36-5d1b-4b2e-9f0a-1e2d3c4b5a61
ESP_SERIAL=7674E5F1
MACHINE_ID=7674e5f1c0de4b2e9f0a1e2d3c4b5a61
ESP_MIB=160
FS_MIB=2048

t=$out/tree
guest_tree "$t" debian12-esp systemd-boot,dosfstools
printf 'UUID=%s / ext4 errors=remount-ro 0 1\nUUID=%s-%s /efi vfat umask=0077 0 1\n' \
	"$ROOT_UUID" "$(echo $ESP_SERIAL | cut -c1-4)" "$(echo $ESP_SERIAL | cut -c5-8)" > "$t/etc/fstab"
mkdir -p "$t/efi"
echo "$MACHINE_ID" > "$t/etc/machine-id"
mkdir -p "$t/etc/kernel"
echo "root=UUID=$ROOT_UUID ro console=ttyS0" > "$t/etc/kernel/cmdline"
# The type #1 layout under /efi/MACHINE-ID, whatever kernel-install would guess.
echo layout=bls > "$t/etc/kernel/install.conf"
guest_firstboot "$t" <<'SCRIPT'
bootctl install --no-variables
update-initramfs -u -k all
for v in $(ls /boot | sed -n 's/^vmlinuz-//p'); do
	kernel-install add "$v" "/boot/vmlinuz-$v" "/boot/initrd.img-$v"
done
rm -f /boot/vmlinuz-* /boot/initrd.img-* /vmlinuz /initrd.img /vmlinuz.old /initrd.img.old
SCRIPT
kver=$(guest_kernel "$t")

truncate -s "${ESP_MIB}M" "$out/esp.img"
mformat -i "$out/esp.img" -F -N "$ESP_SERIAL" -v ESP ::
truncate -s "${FS_MIB}M" "$out/fs.img"
mke2fs -q -t ext4 -U "$ROOT_UUID" -d "$t" "$out/fs.img"
truncate -s $((ESP_MIB + FS_MIB + 2))M "$out/disk.img"
printf 'label: gpt\nstart=1MiB, size=%sMiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\nstart=%sMiB, size=%sMiB, type=linux\n' \
	"$ESP_MIB" $((ESP_MIB + 1)) "$FS_MIB" | sfdisk -q "$out/disk.img" >/dev/null
dd if="$out/esp.img" of="$out/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$out/fs.img" of="$out/disk.img" bs=1M seek=$((ESP_MIB + 1)) conv=notrunc,sparse status=none
rm -rf "$out/esp.img" "$out/fs.img" "$t"
echo $((ESP_MIB + 1)) > "$out/root.at"
guest_first_boot "$ROOT_UUID" "$kver"
