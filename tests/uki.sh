# Sourced by tests/qemu/efi-loaders.t (after efi.sh) and tests/guests/debian12-uki.sh: a
# unified kernel image made as the UKI specification describes it, with
# objcopy from Debian's systemd-stub (systemd-boot-efi).

SD_STUB=/usr/lib/systemd/boot/efi/linuxx64.efi.stub

# make_uki OUT KERNEL INITRD CMDLINE-FILE [OSREL-FILE]: systemd-stub with
# .osrel, .cmdline, .initrd and .linux added after its own sections, each
# at a page-aligned address.
make_uki() {
	end=$(objdump -h "$SD_STUB" | awk 'NF == 7 && $1 ~ /^[0-9]+$/ { print $3, $4 }' |
		while read -r size vma; do echo $((0x$size + 0x$vma)); done | sort -n | tail -n1)
	osrel=$(((end + 4095) / 4096 * 4096))
	cmd=$((osrel + 4096))
	initrd=$((cmd + 4096))
	linux=$(((initrd + $(stat -c %s "$3") + 4095) / 4096 * 4096))
	set -- "$@" ""
	objcopy ${5:+--add-section .osrel="$5" --change-section-vma .osrel=$osrel} \
		--add-section .cmdline="$4" --change-section-vma .cmdline=$cmd \
		--add-section .initrd="$3" --change-section-vma .initrd=$initrd \
		--add-section .linux="$2" --change-section-vma .linux=$linux "$SD_STUB" "$1"
}
