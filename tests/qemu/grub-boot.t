#!/bin/sh
# GRUB (BIOS, i386-pc) boots an injector kernel: `linux` (GRUB loads the
# protected-mode part itself, at pref_address, and enters at code32_start)
# and `linux16` (the kernel's own 16-bit setup runs), with and without an
# initrd, on Debian's stock 6.1 and 6.12 cloud kernels. The test init sees
# both archives, the per-VM one last.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_embedded "$work/embedded.cpio" 0 with-busybox
make_pervm "$work/pervm.cpio"
want_both="INJTEST: embedded=yes pervm=yes last=pervm big=absent"
want_alone="INJTEST: embedded=yes pervm=no last=embedded big=absent"

# grub_boot SERIES LINUX-COMMAND INITRD-COMMAND|- LOG: a GRUB rescue CD whose
# only entry boots the injector kernel.
grub_boot() {
	iso=$work/iso-$1
	rm -rf "$iso" && mkdir -p "$iso/boot/grub"
	"$VT" embed -o "$iso/injector.vmlinuz" "$(kernel "$1")" "$work/embedded.cpio" 2>/dev/null
	cp "$work/pervm.cpio" "$iso/pervm.cpio"
	initrd=
	[ "$3" = - ] || initrd="$3 /pervm.cpio"
	cat > "$iso/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry injector {
	$2 /injector.vmlinuz console=ttyS0 panic=-1
	$initrd
}
CFG
	grub-mkrescue -o "$work/grub.iso" "$iso" >/dev/null 2>&1 || return 1
	timeout 240 qemu-system-x86_64 -machine accel=tcg -m 512 -display none -monitor none \
		-no-reboot -cdrom "$work/grub.iso" -boot d -serial "file:$4" >/dev/null 2>&1 || true
}

for series in 6.1 6.12; do
	for cmd in linux linux16; do
		initrd_cmd=initrd
		[ "$cmd" = linux ] || initrd_cmd=initrd16
		log=$work/$series-$cmd.log
		grub_boot "$series" "$cmd" "$initrd_cmd" "$log"
		check "$series, GRUB $cmd + $initrd_cmd: $(report "$log")" [ "$(report "$log")" = "$want_both" ]
	done
	log=$work/$series-alone.log
	grub_boot "$series" linux - "$log"
	check "$series, GRUB linux without an initrd: $(report "$log")" [ "$(report "$log")" = "$want_alone" ]
done
finish
