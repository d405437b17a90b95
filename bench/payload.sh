#!/bin/sh
# bench/payload.sh TOOL [VMS]
# The per-VM archives of VMS (1000) VMs, 5 files of 4 KiB each, built the way
# an administrator would, on both cores: `xargs -P2` giving each `payload` half
# of the manifests (goal: <= 1 s in all), and for comparison one process per VM
# (xargs -P2 -n1), which measures mostly the cost of starting a process. Compared with the approach the design rejects: one
# static initramfs (a 30 MiB stand-in, or /boot's newest initrd.img) copied
# into every VM's archive (cat, then sync, as payload fsyncs its output),
# timed on SAMPLE VMs and scaled up.
set -eu
tool=$1 vms=${2:-1000} sample=20
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

mkdir "$work/src"
head -c $((vms * 5 * 4096)) /dev/urandom | split -b 4096 -a 5 -d - "$work/src/"
i=0
while [ "$i" -lt "$vms" ]; do
	mkdir "$work/vm$i"
	# Each VM's sources beside its manifest: payload refuses '..' (docs/manifest.md, "Trust").
	for j in 0 1 2 3 4; do
		mv "$work/src/$(printf %05d $((i * 5 + j)))" "$work/vm$i/f$j"
		printf 'file /etc/injected/f%d f%d mode=0600\n' "$j" "$j"
	done > "$work/vm$i/manifest"
	echo 'append "console=ttyS0"' >> "$work/vm$i/manifest"
	i=$((i + 1))
done

# run_payload ARGS-PER-PROCESS: seconds for all VMs.
run_payload() {
	rm -f "$work"/vm*/manifest.cpio
	start=$(now)
	ls -d "$work"/vm* | sed 's|$|/manifest|' | xargs -P2 -n"$1" "$tool" payload
	end=$(now)
	echo "$end - $start" | bc -l
}
ours=$(run_payload $(((vms + 1) / 2)))
single=$(run_payload 1)
bytes=$(cat "$work"/vm*/manifest.cpio | wc -c)

big=$(ls -t /boot/initrd.img-* 2>/dev/null | head -n1 || true)
if [ -z "$big" ]; then
	big=$work/static-initramfs
	head -c $((30 << 20)) /dev/urandom > "$big"
fi
start=$(now)
i=0
while [ "$i" -lt "$sample" ]; do
	cat "$big" "$work/vm$i/manifest.cpio" > "$work/full$i.cpio"
	sync "$work/full$i.cpio"
	i=$((i + 1))
done
end=$(now)
theirs=$(echo "($end - $start) / $sample" | bc -l)
full=$(stat -c %s "$work/full0.cpio")

printf 'payload: %d VMs x 5 files of 4 KiB, xargs -P2, each archive fsync'"'"'d:\n' "$vms"
printf '  batched:        total %.3f s (goal <= 1 s), %.2f ms and %d bytes written per VM\n' \
	"$ours" "$(echo "$ours * 1000 / $vms" | bc -l)" $((bytes / vms))
printf '  process per VM: total %.3f s, %.2f ms per VM\n' "$single" \
	"$(echo "$single * 1000 / $vms" | bc -l)"
printf 'rejected: %s (%d bytes) + per-VM archive, per VM (%d sampled):\n' \
	"$(basename "$big")" "$(stat -L -c %s "$big")" "$sample"
printf '  %.2f ms and %d bytes written per VM; %d VMs: %.1f s, %d MiB\n' \
	"$(echo "$theirs * 1000" | bc -l)" "$full" "$vms" "$(echo "$theirs * $vms" | bc -l)" \
	$((full / 1024 * vms / 1024))
printf '  ratio: %.0fx the time, %.0fx the bytes\n' "$(echo "$theirs * $vms / $ours" | bc -l)" \
	"$(echo "$full * $vms / $bytes" | bc -l)"
