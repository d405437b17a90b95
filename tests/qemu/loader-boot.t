#!/bin/sh
# Boot loaders other than QEMU's own -kernel boot an injector kernel from a
# CD, on Debian's stock 6.1 and 6.12 cloud kernels, with and without an
# initrd: GRUB (BIOS, i386-pc) `linux` (GRUB loads the protected-mode part
# itself, at pref_address, and enters at code32_start) and `linux16` (the
# kernel's 16-bit setup runs), and ISOLINUX. The test init sees both
# archives, the per-VM one last.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"

make_archive_pair
cmdline="console=ttyS0 panic=-1"

# cd_tree SERIES: a fresh CD tree with the injector kernel and the per-VM
# archive, and no CD image yet (a failed build then fails the boot's check).
cd_tree() {
	cd=$work/cd
	rm -rf "$cd" "$work/boot.iso" && mkdir -p "$cd"
	"$VT" embed -o "$cd/injector.vmlinuz" "$(kernel "$1")" "$work/embedded.cpio" 2>/dev/null
	cp "$work/pervm.cpio" "$cd/pervm.cpio"
}

# grub_iso SERIES LINUX-COMMAND INITRD-COMMAND|-: a GRUB rescue CD whose only
# entry boots the injector kernel.
grub_iso() {
	cd_tree "$1"
	initrd=
	[ "$3" = - ] || initrd="$3 /pervm.cpio"
	mkdir -p "$cd/boot/grub"
	cat > "$cd/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry injector {
	$2 /injector.vmlinuz $cmdline
	$initrd
}
CFG
	grub-mkrescue -o "$work/boot.iso" "$cd" >/dev/null 2>&1
}

# isolinux_iso SERIES with-initrd|-: an ISOLINUX CD.
isolinux_iso() {
	cd_tree "$1"
	initrd=
	[ "$2" = - ] || initrd="initrd=/pervm.cpio"
	mkdir -p "$cd/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$cd/isolinux/"
	printf 'serial 0 115200\ndefault injector\nlabel injector\n  kernel /injector.vmlinuz\n  append %s %s\n' \
		"$initrd" "$cmdline" > "$cd/isolinux/isolinux.cfg"
	xorriso -as mkisofs -quiet -o "$work/boot.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$cd" 2>/dev/null
}

# cd_boot DESCRIPTION WANT: boots boot.iso and checks the test init's report.
cd_boot() {
	log=$work/boot.log
	rm -f "$log"
	timeout 240 qemu-system-x86_64 -machine accel=tcg -m 512 -display none -monitor none \
		-no-reboot -cdrom "$work/boot.iso" -boot d -serial "file:$log" >/dev/null 2>&1 || true
	check "$1: $(report "$log")" [ "$(report "$log")" = "$2" ]
}

for series in 6.1 6.12; do
	grub_iso "$series" linux initrd; cd_boot "$series, GRUB linux + initrd" "$WANT_BOTH"
	grub_iso "$series" linux16 initrd16; cd_boot "$series, GRUB linux16 + initrd16" "$WANT_BOTH"
	grub_iso "$series" linux -; cd_boot "$series, GRUB linux, no initrd" "$WANT_ALONE"
	isolinux_iso "$series" with-initrd; cd_boot "$series, ISOLINUX with initrd=" "$WANT_BOTH"
	isolinux_iso "$series" -; cd_boot "$series, ISOLINUX, no initrd" "$WANT_ALONE"
done
finish
