#!/bin/sh
# The stub method on Debian's stock 6.1 (LZ4) and 6.12 (ZSTD) cloud kernels,
# booted by QEMU (16-bit setup entry, SeaBIOS): both archives are unpacked,
# the per-VM one last, with and without a loader initrd, KASLR on and off,
# a 48 MiB archive in a 256 MiB guest and a 4 KiB one in a 96 MiB guest,
# archives of 512-byte-multiple and odd sizes.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"

make_embedded "$work/small.cpio" 0 with-busybox
make_embedded "$work/big.cpio" 48 with-busybox
make_embedded "$work/tiny.cpio" 0 no-busybox
make_pervm "$work/pervm.cpio"
make_pervm "$work/pervm-busybox.cpio" with-busybox
# 6.12 gets the archive gzip'd: an odd size, so the original part follows it
# at a 16-byte, not a page, boundary.
gzip -9n < "$work/small.cpio" > "$work/small-6.12.cpio"
cp "$work/small.cpio" "$work/small-6.1.cpio"

for series in 6.1 6.12; do
	inj=$work/injector-$series
	"$VT" embed -o "$inj" "$(kernel "$series")" "$work/small-$series.cpio" 2>/dev/null
	check "$series: embed" [ -s "$inj" ]
	for kaslr in kaslr nokaslr; do
		log=$work/$series-$kaslr-initrd.log
		boot "$inj" "$work/pervm.cpio" 256 "$kaslr" "$log"
		check "$series $kaslr with a per-VM initrd: $(report "$log")" \
			[ "$(report "$log")" = "$WANT_BOTH" ]
		log=$work/$series-$kaslr-alone.log
		boot "$inj" - 256 "$kaslr" "$log"
		check "$series $kaslr without an initrd: $(report "$log")" \
			[ "$(report "$log")" = "$WANT_ALONE" ]
	done
	big=$work/big-$series
	"$VT" embed -o "$big" "$(kernel "$series")" "$work/big.cpio" 2>/dev/null
	boot "$big" "$work/pervm.cpio" 256 "" "$work/$series-big.log"
	check "$series: 48 MiB archive, 256 MiB guest: $(report "$work/$series-big.log")" \
		[ "$(report "$work/$series-big.log")" = \
		  "INJTEST: embedded=yes pervm=yes last=pervm big=ok" ]
done

# A 4 KiB embedded archive (init and markers; busybox comes in the per-VM
# archive) in a 96 MiB guest.
check "tiny archive is at most 4 KiB" [ "$(stat -c %s "$work/tiny.cpio")" -le 4096 ]
for series in 6.1 6.12; do
	tiny=$work/tiny-$series
	"$VT" embed -o "$tiny" "$(kernel "$series")" "$work/tiny.cpio" 2>/dev/null
	boot "$tiny" "$work/pervm-busybox.cpio" 96 "" "$work/$series-tiny.log"
	check "$series: 4 KiB archive, 96 MiB guest: $(report "$work/$series-tiny.log")" \
		[ "$(report "$work/$series-tiny.log")" = "$WANT_BOTH" ]
done
finish
