#!/bin/sh
# mk/stress.sh BUILD [N]: power cuts during injection (make stress, not part
# of make check). A guest (Debian's 6.1 kernel, ext4) holds 200 files; its
# manifest replaces all 200. N times (default 50) a fresh copy of the disk
# boots the injector (Debian's 6.12 cloud kernel, under TCG), and at a random
# moment of the inject stage QEMU is told `quit` on its monitor: no flush, as
# a power cut. Then the journal is replayed (e2fsck -E journal_only), e2fsck
# -fn must find nothing, and each of the 200 files must be exactly its old or
# exactly its new content. The random moment is uniform over the stage's
# length, measured first by one boot left to finish. Prints one line a run
# and a summary; exit 1 when a check failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
runs=${2:-50}
VT=$build/bin/vmlinuz-tool VT_KERNELS=$build/kernels
export VT VT_KERNELS
. "$top/tests/guest.sh"
work=$(mktemp -d)
qemu=
trap '[ -z "$qemu" ] || kill "$qemu" 2>/dev/null; rm -rf "$work"' EXIT
FILES=200

# The content of file I, old or new: a line, then a few KiB (fsync per file).
content() { printf '%s %03d\n' "$1" "$2"; head -c $((2048 + 16 * $2)) /dev/zero | tr '\0' "${1%"${1#?}"}"; }

setup() {
	make_injector 6.12 "$work" && make_guest_initrd 6.1 "$work" &&
		make_guest_tree 6.1 newest ext4 "$work" || return 1
	mkdir -p "$work/tree/srv/inj" "$work/vm/new"
	i=1
	while [ $i -le $FILES ]; do
		content old $i > "$work/tree/srv/inj/f$i"
		content new $i > "$work/vm/new/f$i"
		echo "file /srv/inj/f$i new/f$i mode=0644" >> "$work/vm/vm.manifest"
		i=$((i + 1))
	done
	make_fs ext4 "$work" && mv "$work/fs.img" "$work/base.img" &&
		"$VT" payload -o "$work/vm.cpio" "$work/vm/vm.manifest"
}

# boot LOG [CUT_MS]: the injector on a fresh copy of the disk; with CUT_MS,
# `quit` on the monitor CUT_MS after the log says `stage inject`.
boot() {
	rm -f "$1"
	cp --sparse=always "$work/base.img" "$work/disk.img"
	rm -f "$work/mon.in" "$work/mon.out" && mkfifo "$work/mon.in" "$work/mon.out"
	timeout 300 qemu-system-x86_64 -machine accel=tcg -m 1024 -display none -no-reboot \
		-chardev "pipe,id=mon,path=$work/mon" -mon chardev=mon \
		-kernel "$work/injector.vmlinuz" -initrd "$work/vm.cpio" \
		-append "console=ttyS0 panic=-1 injector.fail=poweroff" \
		-drive "file=$work/disk.img,format=raw,if=virtio" -serial "file:$1" >/dev/null 2>&1 &
	qemu=$!
	cat "$work/mon.out" > /dev/null &
	# Read-write: opening a FIFO write-only blocks while QEMU has not opened
	# it, and `quit` written after QEMU exited (a run that finished before
	# its cut) killed this script with SIGPIPE, silently, at run 30 of 50.
	exec 3<> "$work/mon.in"
	late=
	if [ $# -ge 2 ]; then
		until grep -aq 'injector: stage inject' "$1" 2>/dev/null; do
			kill -0 "$qemu" 2>/dev/null || break
			sleep 0.02
		done
		sleep "$(awk "BEGIN { printf \"%.3f\", $2 / 1000 }")"
		kill -0 "$qemu" 2>/dev/null || late=early
		echo quit >&3
	fi
	wait "$qemu"
	qrc=$?
	exec 3>&-
	qemu=
	# A boot over before its cut was no power cut: say how it ended.
	[ -z "$late" ] || late=" (QEMU had already exited, status $qrc: $(tr -d '\r' < "$1" |
		grep -a 'INJECTOR: status=\|Kernel panic\|injector:' | tail -n1))"
}

# The stage's length in ms, from the kernel clock on its two log lines.
inject_ms() {
	tr -d '\r' < "$1" | sed -n 's/^\[ *\([0-9.]*\)\] injector: \(stage inject\|inject: [0-9]* applied\).*/\1/p' |
		awk 'NR == 1 { a = $1 } NR == 2 { printf "%d\n", ($1 - a) * 1000 }'
}

# check: replay the journal, fsck, and every file old or new; sets $verdict.
check_run() {
	old=0 new=0 bad=0
	e2fsck -E journal_only -y "$work/disk.img" > "$work/replay.log" 2>&1
	if ! e2fsck -fn "$work/disk.img" > "$work/fsck.log" 2>&1; then
		verdict="fsck: $(grep -v '^Pass\|^e2fsck\|^/' "$work/fsck.log" | head -n1)"
		return 1
	fi
	rm -rf "$work/out" && mkdir "$work/out"
	debugfs -R "rdump /srv/inj $work/out" "$work/disk.img" > /dev/null 2>&1
	i=1
	while [ $i -le $FILES ]; do
		f=$work/out/inj/f$i
		if content old $i | cmp -s - "$f"; then old=$((old + 1))
		elif content new $i | cmp -s - "$f"; then new=$((new + 1))
		else bad=$((bad + 1)); fi
		i=$((i + 1))
	done
	verdict="fsck clean; $new new, $old old, $bad neither"
	[ "$bad" = 0 ]
}

setup > "$work/setup.log" 2>&1 || { cat "$work/setup.log"; echo "stress: setup failed" >&2; exit 1; }
boot "$work/calibrate.log"
len=$(inject_ms "$work/calibrate.log")
check_run || { echo "stress: the uninterrupted boot fails its check: $verdict" >&2; exit 1; }
echo "inject stage of $FILES files: ${len:-?} ms (uninterrupted: $verdict)"
[ -n "$len" ] && [ "$len" -gt 0 ] || { echo "stress: no inject stage on the console" >&2; exit 1; }
failed=0 total_new=0 run=1
while [ $run -le "$runs" ]; do
	cut=$(( $(od -An -N4 -tu4 /dev/urandom) % (len + 1) ))
	boot "$work/run.log" "$cut"
	check_run || failed=$((failed + 1))
	total_new=$((total_new + new))
	echo "run $run: quit ${cut} ms into the stage$late: $verdict"
	run=$((run + 1))
done
echo "stress: $runs power cuts, $failed failed checks; files found new: $total_new of $((runs * FILES))"
[ "$failed" = 0 ]
