#!/bin/sh
# A short libFuzzer run of each target in $VT_FUZZERS (built by the Makefile
# with clang and ASan/UBSan), seeded with its committed corpus
# (tests/fuzz/corpus/NAME), the codec fixtures and the first 64 KiB (header,
# setup, PE header) of each Debian kernel. A crash, a leak, a sanitizer
# report or an input slower than 10 s fails the test; `make fuzz` runs the
# targets for longer, `make fuzz-campaign` for 10 million inputs each.
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

corpus=$(cd "$(dirname "$0")/../fuzz/corpus" && pwd)
check "VT_FUZZERS names at least one fuzzer" [ -n "${VT_FUZZERS:-}" ]
for f in ${VT_FUZZERS:-}; do
	name=${f##*/}
	if [ ! -x "$f" ]; then
		not_ok "$name: not built ($f)"
		continue
	fi
	check "$name: a committed seed corpus" [ -n "$(ls -A "$corpus/$name" 2>/dev/null)" ]
	mkdir "$work/corpus-$name"
	# New inputs go to the first directory; the seeds stay as they are.
	"$f" -max_total_time="$SECONDS_EACH" -timeout=10 -max_len=65536 -rss_limit_mb=2048 \
		"$work/corpus-$name" "$work/seeds" "$corpus/$name" > "$work/$name.log" 2>&1
	rc=$?
	check "$name: ${SECONDS_EACH}s without a crash (exit $rc)" [ "$rc" = 0 ]
	[ "$rc" = 0 ] || tail -n 30 "$work/$name.log" | sed 's/^/# /'
	check "$name: it ran inputs" grep -q 'Done [0-9]* runs' "$work/$name.log"
done
finish
