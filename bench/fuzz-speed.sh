#!/bin/sh
# bench/fuzz-speed.sh FUZZER...: each libFuzzer target's speed, from its
# committed seed corpus (tests/fuzz/corpus/NAME) for FUZZ_BENCH_RUNS
# executions (default 20000) in a scratch corpus: executions per wall-clock
# second (as libFuzzer reports it, load-dependent) and per second of the
# process's CPU time (user + system, what the code costs).
set -u
runs=${FUZZ_BENCH_RUNS:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| target | executions | exec/s (wall) | exec/s (CPU) |"
echo "|---|---|---|---|"
for f; do
	name=${f##*/}
	mkdir "$work/$name"
	/usr/bin/time -f '%U %S' -o "$work/$name.time" "$f" -runs="$runs" -max_len=65536 \
		-print_final_stats=1 "$work/$name" "tests/fuzz/corpus/$name" > "$work/$name.log" 2>&1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")
	wall=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$name.log")
	cpu=$(awk -v n="${execs:-0}" '{ s = $1 + $2; printf "%d", (s > 0 ? n / s : 0) }' "$work/$name.time")
	echo "| $name | ${execs:-?} | ${wall:-?} | $cpu |"
done
