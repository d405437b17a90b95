#!/bin/sh
# Installs the Debian 12 packages the build, the tests and the benchmarks need.
# Idempotent: packages already present are not touched, and apt is not even
# consulted when nothing is missing (so `make check` stays fast and offline
# once a machine is set up). linux-source-6.1 and -6.12, flex, bison, bc, libelf-dev
# and libssl-dev build the tiny fixture kernels (tests/fixtures/make-tinykernel.sh);
# ovmf boots one of them through its EFI stub. debhelper, dpkg-dev and
# lintian build and check the .deb (make deb); mmdebstrap makes the Debian
# roots: the one tests/qemu/deb-install.t installs it into, and the real
# guest (tests/guests/debian12.sh fetches Debian's packages from
# deb.debian.org once; the disk is cached), which openssh-client and
# iproute2 (ss) log into. systemd-boot-efi, mtools, sbsigntool and
# grub-efi-amd64-bin make and sign the ESPs of the UEFI loader tests; sbsign
# is also what `embed --sign-key` runs. lvm2's lvm goes into the injector
# archive of the profiles that say `storage lvm`; cryptsetup-bin formats the
# LUKS test disk. dosfstools checks the ESP of the systemd-boot guests.
set -eu

PACKAGES="
build-essential pkg-config
libelf-dev libarchive-dev libzstd-dev liblzma-dev liblz4-dev zlib1g-dev liblzo2-dev
libcmocka-dev clang libclang-rt-14-dev
libkmod-dev libblkid-dev kmod
gzip bzip2 xz-utils lzop lz4 zstd cpio e2fsprogs xfsprogs btrfs-progs fdisk
jq bc perl hyperfine openssh-client iproute2
qemu-system-x86 ovmf busybox-static dropbear-bin initramfs-tools
grub-pc-bin grub-common xorriso isolinux syslinux-common
libbz2-dev libdeflate-dev linux-source-6.1 linux-source-6.12 flex bison libssl-dev
libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients libxml2-utils
debhelper dpkg-dev lintian mmdebstrap lvm2 cryptsetup-bin
systemd-boot-efi mtools sbsigntool grub-efi-amd64-bin dosfstools
"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root: install these packages first:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
