#!/bin/sh
# The Debian package installed as a user would: `make deb` (mk/deb.sh), the
# .deb installed by apt (which resolves its dependencies) into a fresh Debian
# 12 root made by mmdebstrap; there the package's smoke test
# (debian/tests/smoke) and the kernel postinst hook for the Debian kernel
# installed in that root (`vmlinuz-tool update --kver`, smoke test under
# QEMU and all); the injector kernel it made then boots the demo guest.
# The root is a directory chrooted into from a private mount namespace
# (unshare): its /proc, /sys and /dev mounts never show on the host. The base
# tarball and apt's downloads are cached in $VT_BUILD/deb-root (delete it to
# start afresh). KEEP_WORK=1 keeps the root and the console.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tests/guest.sh"
cache=$VT_BUILD/deb-root
mkdir -p "$cache/archives"
work=$(mktemp -d "$cache/run.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
root=$work/root
version=$(head -n 1 "$top/debian/changelog" | sed 's/^[^ ]* (\([^)]*\)).*/\1/')
deb=vmlinuz-tool_${version}_amd64.deb
MIRROR=http://deb.debian.org/debian

# in_root COMMAND...: COMMAND in the root, with /proc, /sys, /dev and apt's
# download cache mounted in a mount namespace of its own.
in_root() {
	unshare --mount --propagation private --fork sh -c '
		r=$1 c=$2; shift 2
		mount -t proc proc "$r/proc" && mount -t sysfs sys "$r/sys" &&
			mount --rbind /dev "$r/dev" && mount --bind "$c" "$r/var/cache/apt/archives" &&
			exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
				DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"' \
		sh "$root" "$cache/archives" "$@"
}

# Debian 12 with its cloud kernel installed (what the hook will follow), once.
base() {
	[ -s "$cache/base.tar" ] && return 0
	mmdebstrap --quiet --variant=apt --include=linux-image-cloud-amd64,cpio \
		bookworm "$cache/base.new.tar" "$MIRROR" > "$cache/base.log" 2>&1 &&
		mv "$cache/base.new.tar" "$cache/base.tar"
}

# mk/deb.sh makes $VT_BUILD/deb, but its log is opened before it runs.
mkdir -p "$VT_BUILD/deb"
check "make deb: $deb" sh -c 'mk/deb.sh "$1" "$2" > "$1/deb/make-deb.log" 2>&1' sh "$VT_BUILD" "$version"
check "lintian: no errors" sh -c '! grep -q "^E: " "$1/deb/lintian.txt"' sh "$VT_BUILD"
echo "# lintian: $(grep -c '^W: ' "$VT_BUILD/deb/lintian.txt") warnings" >&2
check "Debian 12 base with its kernel (mmdebstrap, cached)" base
mkdir -p "$root" && tar -C "$root" -xf "$cache/base.tar"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$VT_BUILD/deb/$deb" "$root/tmp/"
kv=$(ls "$root/boot" | sed -n 's/^vmlinuz-//p' | sort -V | tail -n1)
echo "# kernels: the root's linux-image-$kv" >&2

# QEMU named: apt would take its Recommends (a desktop's worth) along with the package's.
{ in_root apt-get update -q && in_root apt-get install -y -q --no-install-recommends \
	"/tmp/$deb" qemu-system-x86; } > "$work/apt.log" 2>&1
rc=$?
check "apt installs the .deb and its dependencies (exit $rc; $work/apt.log)" [ "$rc" = 0 ]
check "dpkg: installed ($(in_root dpkg-query -W -f='${Status} ${Version}' vmlinuz-tool 2>&1))" \
	[ "$(in_root dpkg-query -W -f='${Status} ${Version}' vmlinuz-tool 2>&1)" = "install ok installed $version" ]
check "update.conf is a conffile" \
	sh -c 'echo "$1" | grep -q " /etc/vmlinuz-tool/update.conf "' sh \
	"$(in_root dpkg-query -W -f='${Conffiles}' vmlinuz-tool)"
cp "$top/debian/tests/smoke" "$root/tmp/smoke"
in_root sh /tmp/smoke > "$work/smoke.log" 2>&1
rc=$?
check "the package's autopkgtest smoke test passes in the root (exit $rc: $(tail -n1 "$work/smoke.log"))" [ "$rc" = 0 ]

# The kernel's postinst runs the hook as HOOK VERSION IMAGE; TCG: no KVM in a test.
echo 'UPDATE_ARGS="--accel tcg"' >> "$root/etc/vmlinuz-tool/update.conf"
in_root /etc/kernel/postinst.d/zz-vmlinuz-tool "$kv" "/boot/vmlinuz-$kv" > "$work/hook.log" 2>&1
check "postinst hook: update --kver $kv ($(tail -n1 "$work/hook.log"))" \
	[ -f "$root/var/lib/vmlinuz-tool/injector-$kv.vmlinuz" ]
check "postinst hook: the injector.vmlinuz link points at it" \
	[ "$(readlink "$root/var/lib/vmlinuz-tool/injector.vmlinuz")" = "injector-$kv.vmlinuz" ]

# The demo guest (tests/guest.sh), booted by the injector kernel the package made.
demo=$work/demo
mkdir -p "$demo"
cp "$root/var/lib/vmlinuz-tool/injector-$kv.vmlinuz" "$demo/injector.vmlinuz"
check "demo guest disk built" make_guest_disk 6.1 "$demo"
check "demo payload built" make_payload "$demo"
boot_injected "$demo" "$demo/console.log"
check "the injector kernel boots the demo guest: $(status_of "$demo/console.log")" \
	[ "$(status_of "$demo/console.log")" = "status=ok stage=kexec files=4" ]
check "the guest's own kernel read the injected files" grep -aqF "$GUEST_OK" "$demo/console.log"
out=$("$VT" status --token-file "$demo/vm.cpio.token" "$demo/console.log"); rc=$?
check "authenticated by the payload's token (exit $rc: $out)" [ "$rc" = 0 ]
finish
