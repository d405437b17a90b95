#!/bin/sh
# debian12.sh OUTDIR: OUTDIR/disk.img, a real Debian 12 system (ext4 root on
# one MBR partition) for the real-guest tests; how it is built and cached:
# debian12-base.sh. Its first boot writes the boot configuration on its own
# disk: grub-install, update-initramfs, update-grub.
. "$(dirname "$0")/debian12-base.sh"

base_tree grub-pc
firstboot <<'SCRIPT'
grub-install /dev/vda
update-initramfs -u -k all
update-grub
SCRIPT
root_disk
first_boot
done_key
