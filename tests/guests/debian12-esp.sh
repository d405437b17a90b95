#!/bin/sh
# debian12-esp.sh OUTDIR: OUTDIR/disk.img, a real Debian 12 system booted by
# systemd-boot, no GRUB: GPT with an ESP (vfat, made with mformat on an
# image file) and the ext4 root; how it is built and cached:
# debian12-base.sh. Its first boot runs `bootctl install` (--no-variables:
# it boots without UEFI, so there are no efivars) and `kernel-install add`,
# which write loader/loader.conf, loader/entries/MACHINE-ID-KVER.conf and
# /MACHINE-ID/KVER/{linux,initrd.img-KVER} on the ESP (mounted at /efi),
# then removes the kernels from /boot: the ESP's entry is the only way to
# boot it.
. "$(dirname "$0")/debian12-base.sh"

# Fixed identities: fstab and the entries name them before they exist.
ESP_SERIAL=7674E5F1
MACHINE_ID=7674e5f1c0de4b2e9f0a1e2d3c4b5a61
ESP_MIB=160

base_tree systemd-boot,dosfstools
printf 'UUID=%s-%s /efi vfat umask=0077 0 1\n' \
	"$(echo $ESP_SERIAL | cut -c1-4)" "$(echo $ESP_SERIAL | cut -c5-8)" >> "$t/etc/fstab"
mkdir -p "$t/efi"
echo "$MACHINE_ID" > "$t/etc/machine-id"
mkdir -p "$t/etc/kernel"
echo "root=UUID=$ROOT_UUID ro console=ttyS0" > "$t/etc/kernel/cmdline"
# The type #1 layout under /efi/MACHINE-ID, whatever kernel-install would guess.
echo layout=bls > "$t/etc/kernel/install.conf"
firstboot <<'SCRIPT'
bootctl install --no-variables
update-initramfs -u -k all
for v in $(ls /boot | sed -n 's/^vmlinuz-//p'); do
	kernel-install add "$v" "/boot/vmlinuz-$v" "/boot/initrd.img-$v"
done
rm -f /boot/vmlinuz-* /boot/initrd.img-* /vmlinuz /initrd.img /vmlinuz.old /initrd.img.old
SCRIPT
truncate -s "${ESP_MIB}M" "$out/esp.img"
mformat -i "$out/esp.img" -F -N "$ESP_SERIAL" -v ESP ::
root_disk "$out/esp.img"
first_boot
done_key
