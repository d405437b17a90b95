#!/bin/sh
# `injector-init --plan` on guest trees with the repository's distro
# profiles: the profile each guest gets, the kernels it would try, errors.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profiles=$(cd "$(dirname "$0")/../../distro-profiles" && pwd)
init=$VT_BUILD/bin/injector-init
cd "$work" || exit 1

# put FILE TEXT: a file of a guest tree.
put() { mkdir -p "$(dirname "$1")" && printf '%s\n' "$2" > "$1"; }
plan() { "$init" --plan --profiles "$profiles" --profile debian "$@"; }

put deb/etc/os-release ID=debian
put deb/etc/default/grub 'GRUB_CMDLINE_LINUX="console=ttyS0"'
put deb/boot/vmlinuz-6.1.0-9-amd64 k
put deb/boot/vmlinuz-6.1.0-18-amd64 k
put deb/boot/initrd.img-6.1.0-18-amd64 i
ln -s boot/vmlinuz-6.1.0-18-amd64 deb/vmlinuz
plan deb "injector.fail=poweroff quiet" > out 2>&1
check "debian: its profile, /vmlinuz (links), the newest kernel, GRUB_CMDLINE_LINUX" [ "$(cat out)" = \
"profile=debian
kernel=/vmlinuz initrd=none source=/vmlinuz
cmdline=console=ttyS0
kernel=/boot/vmlinuz-6.1.0-18-amd64 initrd=/boot/initrd.img-6.1.0-18-amd64 source=newest /boot/vmlinuz-*
cmdline=console=ttyS0" ]

put fed/etc/os-release 'ID="rocky"'
put fed/etc/kernel/cmdline 'root=/dev/vda2 ro'
put fed/boot/vmlinuz-5.14.0-1.el9 k
put fed/boot/initramfs-5.14.0-1.el9.img i
put fed/boot/initrd.img-5.14.0-1.el9 'not the one'
plan fed > out 2>&1
check "rocky: fedora's profile and initrd names" [ "$(sed -n '1p;2p' out)" = \
"profile=fedora
kernel=/boot/vmlinuz-5.14.0-1.el9 initrd=/boot/initramfs-5.14.0-1.el9.img source=newest /boot/vmlinuz-*" ]

put other/etc/os-release ID=alpine
put other/boot/vmlinuz-lts k
plan other "injector.initrd=none" > out 2>&1
check "a guest no profile claims: the one named by --profile" [ "$(sed -n 1p out)" = profile=debian ]

put none/etc/os-release ID=debian
plan none > out 2>&1; rc=$?
check "no kernel: exit 1 and where it looked (got $rc)" [ "$rc" = 1 ] && check "no kernel: the message" \
	[ "$(cat out)" = "injector-init: none: no kernel found (boot configuration, /vmlinuz, /boot/vmlinuz-*; distro profile debian)" ]

# systemd-boot: the entry on the ESP (--esp), its kernel named on the ESP (esp:).
mid=7674e5f1c0de4b2e9f0a1e2d3c4b5a61
put esp/loader/loader.conf "default $mid-*"
put "esp/loader/entries/$mid-6.1.0-50-cloud-amd64.conf" "title Debian GNU/Linux 12 (bookworm)
version 6.1.0-50-cloud-amd64
options root=UUID=r ro console=ttyS0
linux /$mid/6.1.0-50-cloud-amd64/linux
initrd /$mid/6.1.0-50-cloud-amd64/initrd.img-6.1.0-50-cloud-amd64"
plan --esp esp none > out 2>&1
check "systemd-boot: the ESP's entry, with its options" [ "$(cat out)" = \
"profile=debian
kernel=esp:/$mid/6.1.0-50-cloud-amd64/linux initrd=/$mid/6.1.0-50-cloud-amd64/initrd.img-6.1.0-50-cloud-amd64 source=ESP boot entry
cmdline=root=UUID=r ro console=ttyS0" ]

"$init" --plan --profiles "$work/nosuch" deb > out 2>&1; rc=$?
check "no profiles: exit 1 (got $rc)" [ "$rc" = 1 ]
check "no profiles: the directory named" [ "$(cat out)" = "injector-init: $work/nosuch: No such file or directory" ]
"$init" --plan --profile > out 2>&1; rc=$?
check "usage error: exit 2 (got $rc)" [ "$rc" = 2 ]
finish
