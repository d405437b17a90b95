#!/bin/sh
# fuzz-campaign.sh DIR FUZZER...: FUZZ_RUNS (default 10 million) executions
# of each libFuzzer target, one after the other at nice 19 (one core), each
# seeded with tests/fuzz/corpus/NAME and growing DIR/corpus-NAME, with
# -timeout=10 (an input slower than 10 s is a timeout finding). Logs in
# DIR/campaign/NAME.log, findings in DIR/campaign/NAME/; prints one table row
# per target: executions, crashes, timeouts, seconds. Exit status 1 when any
# target found something. FUZZ_SECONDS_MAX bounds each target's time.
set -u
dir=$1
shift
runs=${FUZZ_RUNS:-10000000}
out=$dir/campaign
mkdir -p "$out"
found=0
echo "| target | executions | crashes | timeouts | seconds | exec/s |"
echo "|---|---|---|---|---|---|"
for f; do
	name=${f##*/}
	mkdir -p "$dir/corpus-$name" "$out/$name"
	start=$(date +%s)
	nice -n 19 "$f" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		${FUZZ_SECONDS_MAX:+-max_total_time=$FUZZ_SECONDS_MAX} \
		-artifact_prefix="$out/$name/" -print_final_stats=1 \
		"$dir/corpus-$name" "tests/fuzz/corpus/$name" > "$out/$name.log" 2>&1
	secs=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" | tail -n1)
	crashes=$(find "$out/$name" -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' | wc -l)
	timeouts=$(find "$out/$name" -name 'timeout-*' | wc -l)
	[ "$crashes$timeouts" = 00 ] || found=1
	echo "| $name | ${execs:-?} | $crashes | $timeouts | $secs | ${execs:+$((execs / (secs ? secs : 1)))} |"
done
exit $found
