#!/bin/sh
# Secure Boot through the stub's PE entry, with Debian's snakeoil OVMF (db =
# /usr/share/ovmf/PkKek-1-snakeoil.pem): systemd-boot and the injector kernel
# signed by `embed --sign-key` with the snakeoil key (passphrase-protected)
# boot from an ESP; the firmware verifies the injector, and the stub lets
# exactly the stock kernel it carries through LoadImage (stub/efi_security.h).
# Both archives are unpacked, the per-VM one last, on 6.1 and 6.12. An
# unsigned injector kernel is refused by the firmware. The whole mission
# (inject, kexec a guest kernel signed with the db key) runs once. Last, why QEMU
# `-kernel` under Secure Boot never reaches the PE entry of a signed image:
# QEMU writes its loader fields into the setup header of the copy it hands
# OVMF (fw_cfg), so the Authenticode digest no longer matches and OVMF falls
# back to its legacy loader; the same image with those bytes written before
# signing is accepted (docs/injector-format.md, "Secure Boot").
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../efi.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
echo snakeoil > "$work/snakeoil.pass"
sign="--sign-key $SNAKEOIL_KEY --sign-cert $SNAKEOIL_CERT --sign-pass-file $work/snakeoil.pass"
SB_LINE='Secure boot enabled'

make_archive_pair
snakeoil_sign "$SD_BOOT" "$work/sd-boot.efi"
for series in 6.1 6.12; do
	inj=$work/injector-$series log=$work/$series.log
	# shellcheck disable=SC2086
	"$VT" embed -o "$inj" $sign "$(kernel "$series")" "$work/embedded.cpio" 2>/dev/null
	sd_esp "$work/esp.img" "$inj" "$work/pervm.cpio" "console=ttyS0 panic=-1" "$work/sd-boot.efi"
	# shellcheck disable=SC2046
	esp_boot "$work/esp.img" "$log" 240 $(ovmf_args snakeoil)
	check "$series, Secure Boot, signed: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, Secure Boot, signed: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
	check "$series, Secure Boot, signed: the kernel saw Secure Boot on" grep -aq "$SB_LINE" "$log"
done

"$VT" embed -o "$work/unsigned" "$(kernel 6.12)" "$work/embedded.cpio" 2>/dev/null
sd_esp "$work/esp.img" "$work/unsigned" "$work/pervm.cpio" "console=ttyS0 panic=-1" \
	"$work/sd-boot.efi"
# shellcheck disable=SC2046
esp_boot "$work/esp.img" "$work/unsigned.log" 90 $(ovmf_args snakeoil)
check "Secure Boot, unsigned injector: the firmware refused it to systemd-boot (Access Denied)" \
	sh -c "grep -aq 'Error loading' '$work/unsigned.log' && grep -aq 'Access Denied' '$work/unsigned.log'"
check "Secure Boot, unsigned injector: refused, no kernel ran" \
	sh -c "! grep -aq 'Linux version' '$work/unsigned.log'"

# poke FILE OFFSET OCTAL-BYTES: bytes written in place.
# The mission under Secure Boot: the injector kernel locks down, so its
# kexec_file_load takes only a guest kernel whose signature it can check;
# the guest's kernel here is signed with the db key (the platform keyring).
# (Unsigned, it is refused after the injection: "kexec_file_load: No data
# available", status=error stage=kexec; docs/injector-format.md.)
make_mission "$work"
snakeoil_sign "$work/injector.vmlinuz" "$work/injector.signed"
gk=/boot/vmlinuz-$(kver 6.1)
debugfs -R "dump $gk $work/guest-kernel" "$work/disk.img" 2>/dev/null
snakeoil_sign "$work/guest-kernel" "$work/guest-kernel.signed"
debugfs -w -R "rm $gk" "$work/disk.img" >/dev/null 2>&1
debugfs -w -R "write $work/guest-kernel.signed $gk" "$work/disk.img" >/dev/null 2>&1
sd_esp "$work/esp.img" "$work/injector.signed" "$work/vm.cpio" \
	"console=ttyS0 panic=-1 injector.fail=poweroff" "$work/sd-boot.efi"
esp_mission "$work/esp.img" "$work/mission.log" "Secure Boot mission, systemd-boot" snakeoil
check "Secure Boot mission: the injector kernel is locked down" \
	grep -aq 'Kernel is locked down from EFI Secure Boot' "$work/mission.log"

# shellcheck disable=SC2059
poke() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
# qemu_fields FILE: what QEMU 7.2 writes for -kernel without -initrd (protocol
# >= 2.02): type_of_loader 0xb0, loadflags |= CAN_USE_HEAP, heap_end_ptr
# 0x20000 - 0x10000 - 0x200, cmd_line_ptr 0x20000.
qemu_fields() {
	flags=$(od -An -tu1 -j $((0x211)) -N1 "$1" | tr -d ' ')
	poke "$1" $((0x210)) '\260' &&
		poke "$1" $((0x211)) "$(printf '\\%03o' $((flags | 0x80)))" &&
		poke "$1" $((0x224)) '\000\376' && poke "$1" $((0x228)) '\000\000\002\000'
}
kernel_sb() { # kernel_sb IMAGE LOG: QEMU -kernel, snakeoil Secure Boot
	# shellcheck disable=SC2046
	timeout 180 qemu-system-x86_64 -machine accel=tcg -m 512 -display none -monitor none \
		-no-reboot -serial "file:$2" $(ovmf_args snakeoil) -kernel "$1" \
		-append "console=ttyS0 panic=-1" >/dev/null 2>&1
}
kernel_sb "$work/injector-6.12" "$work/k-signed.log"
check "-kernel, signed as is: refused by OVMF, not the PE entry" \
	sh -c "! grep -aq '$PE_LINE' '$work/k-signed.log'"
check "... its legacy loader booted the stub: $(report "$work/k-signed.log")" \
	[ "$(report "$work/k-signed.log")" = "$WANT_ALONE" ]
cp "$work/unsigned" "$work/prepatched"
qemu_fields "$work/prepatched" && snakeoil_sign "$work/prepatched" "$work/prepatched.signed"
kernel_sb "$work/prepatched.signed" "$work/k-pre.log"
check "-kernel, QEMU's header fields written before signing: the PE entry" \
	grep -aq "$PE_LINE" "$work/k-pre.log"
check "... $(report "$work/k-pre.log"), the kernel saw Secure Boot on" \
	sh -c "grep -aq '$SB_LINE' '$work/k-pre.log' && [ '$(report "$work/k-pre.log")' = '$WANT_ALONE' ]"
finish
