#!/bin/sh
# bench/libvirt-hook.sh TOOL [DOMAINS]
# What the libvirt hook (hooks/libvirt-qemu) adds to each domain start: the
# hook run the way libvirt runs it (NAME prepare begin -, the domain XML on
# stdin) for each of DOMAINS (100) domains, each with its own manifest of 5
# files of 4 KiB, its archive built and fsync'd at its <initrd> path (STATE/vms/NAME.cpio).
# Goal: <= 10 ms a start. For scale: the same domains when they did not opt
# in (the hook's fast path), and an empty hook (what libvirt's fork and exec
# of any hook costs).
set -eu
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
domains=${2:-100}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vt-hookbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

sed -e "s|@BINDIR@|$(dirname "$tool")|g" -e "s|@CONFDIR@|$work/conf|g" \
	-e "s|@STATEDIR@|$work/state|g" "$top/hooks/libvirt-qemu" > "$work/hook"
printf '#!/bin/sh\nexit 0\n' > "$work/empty-hook"
chmod 755 "$work/hook" "$work/empty-hook"

# domain_xml I OPT-IN: the XML libvirt passes for domain vmI.
domain_xml() {
	meta=
	[ "$2" = no ] || meta="<vt:inject xmlns:vt='urn:vmlinuz-tool:libvirt:1' manifest='$work/vm$1/manifest'/>"
	cat <<XML
<domain type='kvm'>
  <name>vm$1</name>
  <metadata>$meta</metadata>
  <memory unit='KiB'>1048576</memory>
  <os>
    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
    <kernel>/var/lib/vmlinuz-tool/injector.vmlinuz</kernel>
    <initrd>$work/state/vms/vm$1.cpio</initrd>
    <cmdline>console=ttyS0 injector.fail=poweroff</cmdline>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/vm$1.qcow2'/><target dev='vda' bus='virtio'/>
    </disk>
    <serial type='pty'/><console type='pty'/>
  </devices>
</domain>
XML
}

i=0
while [ "$i" -lt "$domains" ]; do
	mkdir -p "$work/vm$i"
	for j in 0 1 2 3 4; do
		head -c 4096 /dev/urandom > "$work/vm$i/f$j"
		echo "file /etc/injected/f$j f$j mode=0600"
	done > "$work/vm$i/manifest"
	domain_xml "$i" yes > "$work/vm$i/in.xml"
	domain_xml "$i" no > "$work/vm$i/out.xml"
	i=$((i + 1))
done

# Every domain's start, one after the other, as libvirt would run the hook.
cat > "$work/starts" <<'RUN'
#!/bin/sh
i=0
while [ "$i" -lt "$2" ]; do
	"$1" "vm$i" prepare begin - < "$3/vm$i/$4.xml" || exit 1
	i=$((i + 1))
done
RUN
chmod 755 "$work/starts"

# per_start HOOK XML: milliseconds a start, the median of 10 runs over all domains.
per_start() {
	hyperfine -N -w 1 -r 10 --export-json "$work/h.json" \
		"$work/starts $1 $domains $work $2" >/dev/null 2>&1
	jq ".results[0].median * 1000 / $domains" "$work/h.json"
}
opted=$(per_start "$work/hook" in)
built=$(ls "$work/state/vms" | grep -c '\.cpio$')
[ "$built" = "$domains" ] || { echo "bench: only $built of $domains archives built" >&2; exit 1; }
plain=$(per_start "$work/hook" out)
empty=$(per_start "$work/empty-hook" in)

printf 'libvirt hook: %d domain starts, each building its archive (5 files of 4 KiB, fsync'"'"'d):\n' \
	"$domains"
printf '  opted in:       %.2f ms a start (goal <= 10 ms)\n' "$opted"
printf '  not opted in:   %.2f ms a start\n' "$plain"
printf '  an empty hook:  %.2f ms a start (libvirt running any hook script)\n' "$empty"
