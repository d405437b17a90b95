#!/bin/sh
# A guest whose only Linux partition is LUKS2 (cryptsetup formats the image
# file itself: no loop device). The injector has no key: it fails the root
# stage with reason=encrypted within injector.rootwait, probing or named by
# injector.root=, applies the failure policy (poweroff), and writes nothing
# to the disk (its SHA-256 before and after).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../guest.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.12-cloud-amd64"

# GPT: a 1 MiB BIOS boot partition, then the LUKS2 container (cheap PBKDF: a test key).
luks_disk() {
	truncate -s 32M "$work/luks.img" && printf 'not a real key' > "$work/key" &&
		cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 \
			--pbkdf-force-iterations 1000 --key-file "$work/key" "$work/luks.img" &&
		truncate -s 36M "$work/disk.img" &&
		printf 'label: gpt\nstart=1MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649\nstart=2MiB, size=32MiB, type=linux\n' |
		sfdisk -q "$work/disk.img" >/dev/null &&
		dd if="$work/luks.img" of="$work/disk.img" bs=1M seek=2 conv=notrunc status=none
}

# boot_luks NAME APPEND: the injector on the disk; NAME.rc is QEMU's exit status.
boot_luks() {
	boot_injected "$work" "$work/$1.log" virtio-blk "injector.fail=poweroff $2" </dev/null
	echo $? > "$work/$1.rc"
}

check "injector kernel built" make_injector 6.12 "$work"
check "payload built" make_payload "$work"
check "LUKS2 guest disk built" luks_disk
before=$(sha256sum < "$work/disk.img")
uuid=$(cryptsetup luksUUID "$work/luks.img")

for case in probe named; do
	append="injector.rootwait=10"
	[ "$case" = probe ] || append="injector.root=UUID=$uuid"
	boot_luks "$case" "$append"
	log=$work/$case.log
	check "$case: $(status_of "$log")" \
		[ "$(status_of "$log")" = "status=error stage=root files=0 reason=encrypted" ]
	check "$case: the log names the container" grep -aq "root: /dev/vda2: LUKS-encrypted" "$log"
	check "$case: powered off (QEMU exit $(cat "$work/$case.rc"), not its timeout)" \
		sh -c "[ $(cat "$work/$case.rc") != 124 ] && grep -aq 'reboot: Power down' '$log'"
	check "$case: the disk is unchanged (SHA-256)" [ "$(sha256sum < "$work/disk.img")" = "$before" ]
done
finish
