#!/bin/sh
# A short libFuzzer run of each target in $VT_FUZZERS (built by the Makefile
# with clang and ASan/UBSan), seeded with the codec fixtures and the first
# 64 KiB (header, setup, PE header) of each Debian kernel. A crash, a leak or
# a sanitizer report fails the test; `make fuzz` runs the targets for longer.
set -u
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
SECONDS_EACH=${FUZZ_SECONDS_CHECK:-10}

mkdir "$work/seeds"
cp "$VT_FIXTURES"/*.bzImage "$VT_FIXTURES/payload.elf" "$work/seeds/"
for series in 6.1 6.12; do
	head -c 65536 "$(kernel "$series")" > "$work/seeds/head-$series"
done
check "seeds: the fixtures and kernel heads are there" \
	[ "$(ls "$work/seeds" | wc -l)" = 10 ]

check "VT_FUZZERS names at least one fuzzer" [ -n "${VT_FUZZERS:-}" ]
for f in ${VT_FUZZERS:-}; do
	name=${f##*/}
	if [ ! -x "$f" ]; then
		not_ok "$name: not built ($f)"
		continue
	fi
	mkdir "$work/corpus-$name"
	# New inputs go to the first directory; the seeds stay as they are.
	"$f" -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 \
		"$work/corpus-$name" "$work/seeds" > "$work/$name.log" 2>&1
	rc=$?
	check "$name: ${SECONDS_EACH}s without a crash (exit $rc)" [ "$rc" = 0 ]
	[ "$rc" = 0 ] || tail -n 30 "$work/$name.log" | sed 's/^/# /'
	check "$name: it ran inputs" grep -q 'Done [0-9]* runs' "$work/$name.log"
done
finish
