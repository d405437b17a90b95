# Sourced by the QEMU benchmarks (bench/boot.sh, bench/real-guest.sh), run as
# SCRIPT BUILD [RUNS]: $top, $build, $runs (default 5), VT and VT_KERNELS
# exported, the helpers of tests/guest.sh, and a scratch directory $work
# (the script's EXIT trap removes it).
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) runs=${2:-5}
VT=$build/bin/vmlinuz-tool VT_KERNELS=$build/kernels
export VT VT_KERNELS
. "$top/tests/guest.sh"
work=$(mktemp -d)

# median_of: the median of the numbers on stdin, one a line.
median_of() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
