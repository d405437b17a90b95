#!/bin/sh
# UEFI direct kernel boot: OVMF (Debian's edk2, q35) given an injector kernel
# with -kernel loads it as a PE image and starts the stub's EFI entry, which
# reads OVMF's -initrd through its LoadFile2 provider, publishes its own
# [embedded | per-VM] provider and starts the stock kernel as an EFI image:
# the kernel's EFI stub says it loaded the initrd from the vendor media
# device path. Both archives are unpacked, per-VM last, on Debian's 6.1 and
# 6.12 kernels, with and without an initrd. The Secure Boot firmware build
# (Microsoft keys) refuses the unsigned image and falls back to its legacy
# Linux loader, which enters the stub at the 32-bit entry after
# ExitBootServices. The whole mission (inject, kexec the guest's kernel)
# runs under UEFI.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../efi.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"

make_archive_pair

# ovmf_boot IMAGE INITRD|- FIRMWARE LOG
ovmf_boot() {
	# shellcheck disable=SC2046
	boot "$1" "$2" 512 "" "$4" $(ovmf_args "$3")
}

for series in 6.1 6.12; do
	inj=$work/injector-$series
	"$VT" embed -o "$inj" "$(kernel "$series")" "$work/embedded.cpio" 2>/dev/null
	log=$work/$series-initrd.log
	ovmf_boot "$inj" "$work/pervm.cpio" plain "$log"
	check "$series, OVMF with an initrd: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, OVMF started the PE entry: the kernel read the stub's LoadFile2" \
		grep -aq "$PE_LINE" "$log"
	check "$series, OVMF: the kernel saw an intact EFI memory map" \
		sh -c "grep -aq 'efi: EFI v2' '$log' && ! grep -aq 'Invalid EFI memory map' '$log'"
	log=$work/$series-alone.log
	ovmf_boot "$inj" - plain "$log"
	check "$series, OVMF without an initrd: $(report "$log")" [ "$(report "$log")" = "$WANT_ALONE" ]
	check "$series, OVMF without an initrd: through the PE entry" grep -aq "$PE_LINE" "$log"
done
log=$work/secboot.log
ovmf_boot "$work/injector-6.12" "$work/pervm.cpio" secboot "$log"
check "6.12, OVMF Secure Boot build: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
check "6.12, OVMF Secure Boot build: unsigned PE refused, legacy loader used" \
	sh -c "! grep -aq 'EFI stub:' '$log'"

# The mission under UEFI: 6.12 injector, a guest disk with Debian's 6.1.
make_mission "$work"
efi_mission "$work/mission.log" "mission, OVMF -kernel" plain -kernel "$work/injector.vmlinuz" \
	-initrd "$work/vm.cpio" -append "console=ttyS0 panic=-1 injector.fail=poweroff"
check "mission, OVMF -kernel: through the stub's PE entry" grep -aq "$PE_LINE" "$work/mission.log"
finish
