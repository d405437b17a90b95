#!/bin/sh
# The stub's 64-bit entry: a running stock Debian kernel kexecs
# (kexec_file_load) into an injector kernel with a per-VM initrd, and the
# injector's test init sees both archives, the per-VM one last.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"

make_archive_pair
# An odd size (gzip'd) for one case: the original part then follows it at a
# 16-byte boundary.
gzip -9n < "$work/embedded.cpio" > "$work/embedded.cpio.gz"

# kexec_case RUNNING-SERIES INJECTOR-SERIES ARCHIVE
kexec_case() {
	stage1=$work/stage1-$1-$2
	mkdir -p "$stage1"
	cp "$VT_KEXEC_LAUNCH" "$stage1/init"
	cp "$work/pervm.cpio" "$stage1/pervm.cpio"
	"$VT" embed -o "$stage1/inj.vmlinuz" "$(kernel "$2")" "$3" 2>/dev/null
	mkcpio "$stage1" "$stage1.cpio"
	boot "$(kernel "$1")" "$stage1.cpio" 512 "" "$work/kexec-$1-$2.log"
	check "$1 kexecs into a $2 injector: $(report "$work/kexec-$1-$2.log")" \
		[ "$(report "$work/kexec-$1-$2.log")" = "$WANT_BOTH" ]
}

kexec_case 6.12 6.1 "$work/embedded.cpio"
kexec_case 6.1 6.12 "$work/embedded.cpio.gz"
finish
