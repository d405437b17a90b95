#!/bin/sh
# UEFI direct kernel boot: OVMF (Debian's edk2, q35) given an injector kernel
# with -kernel cannot load it as a PE image (embed removed the PE header) and
# falls back to its legacy Linux loader, which exits boot services, fills in
# efi_info and enters the stub at the 32-bit entry. Both archives are
# unpacked, per-VM last, on Debian's 6.1 and 6.12 kernels, with and without
# an initrd, also with the Secure Boot firmware build; and the whole mission
# (inject, kexec the guest's kernel) runs under UEFI.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
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
	check "$series, OVMF: the kernel saw an intact EFI memory map" \
		sh -c "grep -aq 'efi: EFI v2' '$log' && ! grep -aq 'Invalid EFI memory map' '$log'"
	log=$work/$series-alone.log
	ovmf_boot "$inj" - plain "$log"
	check "$series, OVMF without an initrd: $(report "$log")" [ "$(report "$log")" = "$WANT_ALONE" ]
done
log=$work/secboot.log
ovmf_boot "$work/injector-6.12" "$work/pervm.cpio" secboot "$log"
check "6.12, OVMF Secure Boot build: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]

# The mission under UEFI: 6.12 injector, a guest disk with Debian's 6.1.
make_injector 6.12 "$work" && make_guest_disk 6.1 "$work" >/dev/null && make_payload "$work" >/dev/null
# shellcheck disable=SC2046
qemu_vm "$work/mission.log" 240 -kernel "$work/injector.vmlinuz" -initrd "$work/vm.cpio" \
	-append "console=ttyS0 panic=-1 injector.fail=poweroff" \
	$(disk_args virtio-blk "$work/disk.img") $(ovmf_args plain) </dev/null
status=$(status_of "$work/mission.log")
check "OVMF, injector: $status" [ "$status" = "status=ok stage=kexec files=4" ]
guest=$(grep -a '^GUEST: ' "$work/mission.log" | tr -d '\r' | tail -n1)
check "OVMF, the guest kernel sees every change: ${guest#"$GUEST_OK"}" \
	[ "${guest#"$GUEST_OK" }" != "$guest" ]
finish
