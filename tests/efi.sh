# shellcheck shell=sh disable=SC2034,SC2154
# UEFI loader helpers for the QEMU tests (after lib.sh and guest.sh): FAT ESP
# images made with mtools, booted by Debian's OVMF. Needs $work.
SD_BOOT=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
PE_LINE='EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path'
SNAKEOIL_KEY=/usr/share/ovmf/PkKek-1-snakeoil.key
SNAKEOIL_CERT=/usr/share/ovmf/PkKek-1-snakeoil.pem

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

# sd_esp IMAGE KERNEL INITRD OPTIONS [BOOTX64]: a FAT ESP booting KERNEL through
# systemd-boot (or the given copy of it, a signed one say).
sd_esp() {
	esp "$1" "${5:-$SD_BOOT}" && mmd -i "$1" ::/loader ::/loader/entries &&
		mcopy -i "$1" "$2" ::/injector && mcopy -i "$1" "$3" ::/pervm.cpio || return 1
	printf 'default injector.conf\ntimeout 0\n' > "$work/loader.conf"
	printf 'title injector\nlinux /injector\ninitrd /pervm.cpio\noptions %s\n' "$4" \
		> "$work/injector.conf"
	mcopy -i "$1" "$work/loader.conf" ::/loader/loader.conf &&
		mcopy -i "$1" "$work/injector.conf" ::/loader/entries/injector.conf
}

# snakeoil_sign IN OUT: IN signed with the snakeoil firmware's db key.
snakeoil_sign() {
	[ -s "$work/snakeoil.pass" ] || echo snakeoil > "$work/snakeoil.pass"
	openssl pkey -in "$SNAKEOIL_KEY" -passin "file:$work/snakeoil.pass" -out "$work/snakeoil.key" &&
		sbsign --key "$work/snakeoil.key" --cert "$SNAKEOIL_CERT" --output "$2" "$1" \
			>/dev/null 2>&1
}

# efi_mission LOG LABEL FIRMWARE QEMU-ARGS...: make_mission's injector booted by
# OVMF (plain, secboot, snakeoil) with those arguments, a fresh copy of
# $work/disk.img on virtio-blk (each mission starts from the pristine guest);
# check_mission's checks and the kexec method the injector logs (a kernel
# booted through EFI rules out kexec_load: kexec_file_load).
efi_mission() {
	mlog=$1 mlabel=$2 mfw=$3
	shift 3
	cp --sparse=always "$work/disk.img" "$work/mission-disk.img"
	# shellcheck disable=SC2046
	qemu_vm "$mlog" 400 $(ovmf_args "$mfw") $(disk_args virtio-blk "$work/mission-disk.img") "$@" \
		</dev/null
	check_mission "$mlog" "$mlabel"
	check "$mlabel, kexec_file_load: the injector saw it was booted through EFI" \
		grep -aq 'kexec_load passed over: booted through EFI' "$mlog"
}

# esp_mission ESP LOG LABEL [FIRMWARE]: efi_mission with OVMF booting the ESP
# image (its first boot disk).
esp_mission() {
	efi_mission "$2" "$3" "${4:-plain}" -drive if=none,id=esp,format=raw,file="$1" \
		-device ide-hd,drive=esp,bootindex=0
}
