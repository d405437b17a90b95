#!/bin/sh
# UEFI boot loaders that only know PE images: systemd-boot (Debian 12's
# systemd-boot-efi) from an ESP built with mtools, a type #1 entry with
# `linux` = the injector kernel and `initrd` = the per-VM archive. It
# LoadImage()s the kernel and offers the initrd through its LoadFile2
# provider; the stub's EFI entry joins it behind the embedded archive. Both
# archives are unpacked, per-VM last, on Debian's 6.1 and 6.12 kernels, and
# the whole mission (inject, kexec the guest's kernel) runs once. Then a UKI
# (systemd-stub, linuxx64.efi.stub) made with objcopy: .linux = the
# injector kernel, .initrd = the per-VM archive; systemd-stub offers .initrd
# through LoadFile2 and LoadImage()s .linux. Last, Secure Boot (Debian's
# snakeoil OVMF): the injector kernel signed with the snakeoil db key starts
# from the ESP, and the stub refuses the unsigned stock kernel inside it with
# one line on the console and an error back to the firmware (the inner
# signature is not kept yet: docs/injector-format.md, "EFI").
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
. "$(dirname "$0")/../uki.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
SD_BOOT=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
PE_LINE='EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path'

# esp IMAGE BOOTX64: a fresh FAT ESP whose removable-media loader is BOOTX64.
esp() {
	rm -f "$1"
	truncate -s 64M "$1" && mformat -i "$1" -F :: && mmd -i "$1" ::/EFI ::/EFI/BOOT &&
		mcopy -i "$1" "$2" ::/EFI/BOOT/BOOTX64.EFI
}

# esp_boot IMAGE LOG [SECS [FIRMWARE...]]: OVMF (plain unless given) boots the ESP.
esp_boot() {
	image=$1 log=$2 secs=${3:-180}
	shift 2
	[ $# = 0 ] || shift
	# shellcheck disable=SC2046
	[ $# != 0 ] || set -- $(ovmf_args plain)
	timeout "$secs" qemu-system-x86_64 -machine accel=tcg -m 512 -display none -monitor none \
		-no-reboot -serial "file:$log" "$@" -drive if=virtio,format=raw,file="$image" \
		>/dev/null 2>&1
}

# sd_esp IMAGE KERNEL INITRD OPTIONS: a FAT ESP booting KERNEL through systemd-boot.
sd_esp() {
	esp "$1" "$SD_BOOT" && mmd -i "$1" ::/loader ::/loader/entries &&
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
	sd_esp "$work/esp.img" "$inj" "$work/pervm.cpio" "console=ttyS0 panic=-1"
	esp_boot "$work/esp.img" "$log"
	check "$series, systemd-boot: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, systemd-boot: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
done

for series in 6.1 6.12; do
	log=$work/uki-$series.log
	printf '%s' "console=ttyS0 panic=-1" > "$work/cmdline"
	make_uki "$work/uki.efi" "$work/injector-$series" "$work/pervm.cpio" "$work/cmdline"
	esp "$work/esp.img" "$work/uki.efi" && esp_boot "$work/esp.img" "$log"
	check "$series, UKI: $(report "$log")" [ "$(report "$log")" = "$WANT_BOTH" ]
	check "$series, UKI: through the stub's PE entry" grep -aq "$PE_LINE" "$log"
done

# Secure Boot: the snakeoil firmware stops in its boot menu once the stub refused.
openssl pkey -in /usr/share/ovmf/PkKek-1-snakeoil.key -passin pass:snakeoil -out "$work/db.key"
sbsign --key "$work/db.key" --cert /usr/share/ovmf/PkKek-1-snakeoil.pem \
	--output "$work/signed.efi" "$work/injector-6.12" 2>/dev/null
cp "$OVMF/OVMF_VARS_4M.snakeoil.fd" "$work/sbvars.fd"
esp "$work/esp.img" "$work/signed.efi" && esp_boot "$work/esp.img" "$work/sb.log" 90 \
	-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on \
	-drive if=pflash,format=raw,unit=0,readonly=on,file="$OVMF/OVMF_CODE_4M.snakeoil.fd" \
	-drive if=pflash,format=raw,unit=1,file="$work/sbvars.fd"
check "Secure Boot: the signed injector starts, the stub refuses the unsigned stock kernel" \
	grep -aq 'vmlinuz-tool stub: the firmware refused the kernel image' "$work/sb.log"
check "Secure Boot: no kernel ran" sh -c "! grep -aq 'Linux version' '$work/sb.log'"

# The mission under systemd-boot: 6.12 injector, a guest disk with Debian's 6.1.
make_injector 6.12 "$work" && make_guest_disk 6.1 "$work" >/dev/null && make_payload "$work" >/dev/null
sd_esp "$work/esp.img" "$work/injector.vmlinuz" "$work/vm.cpio" \
	"console=ttyS0 panic=-1 injector.fail=poweroff"
# shellcheck disable=SC2046
qemu_vm "$work/mission.log" 240 $(ovmf_args plain) $(disk_args virtio-blk "$work/disk.img") \
	-drive if=none,id=esp,format=raw,file="$work/esp.img" -device ide-hd,drive=esp,bootindex=0 \
	</dev/null
check_mission "$work/mission.log" systemd-boot
finish
