#!/bin/sh
# UEFI boot loaders that only know PE images: systemd-boot (Debian 12's
# systemd-boot-efi) from an ESP built with mtools, a type #1 entry with
# `linux` = the injector kernel and `initrd` = the per-VM archive. It
# LoadImage()s the kernel and offers the initrd through its LoadFile2
# provider; the stub's EFI entry joins it behind the embedded archive. Both
# archives are unpacked, per-VM last, on Debian's 6.1 and 6.12 kernels, and
# the whole mission (inject, kexec the guest's kernel) runs once.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
SD_BOOT=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
PE_LINE='EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path'

# sd_esp IMAGE KERNEL INITRD OPTIONS: a FAT ESP booting KERNEL through systemd-boot.
sd_esp() {
	truncate -s 64M "$1" && mformat -i "$1" -F :: && mmd -i "$1" ::/EFI ::/EFI/BOOT ::/loader \
		::/loader/entries && mcopy -i "$1" "$SD_BOOT" ::/EFI/BOOT/BOOTX64.EFI &&
		mcopy -i "$1" "$2" ::/injector && mcopy -i "$1" "$3" ::/pervm.cpio || return 1
	printf 'default injector.conf\ntimeout 0\n' > "$work/loader.conf"
	printf 'title injector\nlinux /injector\ninitrd /pervm.cpio\noptions %s\n' "$4" \
		> "$work/injector.conf"
	mcopy -i "$1" "$work/loader.conf" ::/loader/loader.conf &&
		mcopy -i "$1" "$work/injector.conf" ::/loader/entries/injector.conf
}

make_archive_pair
for series in 6.1 6.12; do
	inj=$work/injector-$series log=$work/$series.log
	"$VT" embed -o "$inj" "$(kernel "$series")" "$work/embedded.cpio" 2>/dev/null
	rm -f "$work/esp.img"
	sd_esp "$work/esp.img" "$inj" "$work/pervm.cpio" "console=ttyS0 panic=-1"
	# shellcheck disable=SC2046
	timeout 180 qemu-system-x86_64 -machine accel=tcg -m 512 -display none -monitor none \
		-no-reboot -serial "file:$log" $(ovmf_args plain) \
		-drive if=virtio,format=raw,file="$work/esp.img" >/dev/null 2>&1
	check "$series, systemd-boot: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, systemd-boot: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
done

# The mission under systemd-boot: 6.12 injector, a guest disk with Debian's 6.1.
make_injector 6.12 "$work" && make_guest_disk 6.1 "$work" >/dev/null && make_payload "$work" >/dev/null
rm -f "$work/esp.img"
sd_esp "$work/esp.img" "$work/injector.vmlinuz" "$work/vm.cpio" \
	"console=ttyS0 panic=-1 injector.fail=poweroff"
# shellcheck disable=SC2046
qemu_vm "$work/mission.log" 240 $(ovmf_args plain) $(disk_args virtio-blk "$work/disk.img") \
	-drive if=none,id=esp,format=raw,file="$work/esp.img" -device ide-hd,drive=esp,bootindex=0 \
	</dev/null
status=$(status_of "$work/mission.log")
check "systemd-boot, injector: $status" [ "$status" = "status=ok stage=kexec files=4" ]
guest=$(grep -a '^GUEST: ' "$work/mission.log" | tr -d '\r' | tail -n1)
check "systemd-boot, the guest kernel sees every change: ${guest#"$GUEST_OK"}" \
	[ "${guest#"$GUEST_OK" }" != "$guest" ]
finish
