#!/bin/sh
# The libvirt hook for real: a libvirt daemon of the test's own
# (tests/libvirt.sh) with hooks/libvirt-qemu installed, a TCG domain booting
# the injector kernel, started twice with different files: each start's
# serial log must show what was current at that start. Then a domain that
# did not opt in is left alone, and a bad manifest stops the start with the
# hook's message.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
. "$top/tests/guest.sh"
. "$top/tests/libvirt.sh"
# Not mktemp's default name: something on the shared test machine removed /tmp/tmp.* mid-run.
work=$(mktemp -d "${TMPDIR:-/tmp}/vt-libvirt.XXXXXX")
trap 'libvirt_stop; rm -rf "$work"' EXIT
kernels_tested "$VT_KERNELS/linux-6.1-cloud-amd64" "$VT_KERNELS/linux-6.12-cloud-amd64"
virsh() { command virsh -q -c "$LIBVIRT_URI" "$@"; }

# The hook as `make install` writes it, pointing at this test's tool and config.
mkdir -p "$work/conf/vms/plain"
install_hook libvirt-qemu "$work/libvirt/etc/hooks/qemu.d/vmlinuz-tool" "$work/conf" "$work/state"

check "injector kernel built" make_injector 6.12 "$work"
check "guest disk built" make_guest_disk 6.1 "$work"
check "libvirt daemon started" libvirt_start

# domain_xml NAME METADATA: a TCG domain booting the injector kernel, its
# per-VM archive at $work/state/vms/NAME.cpio, the console in $work/NAME.log.
domain_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>1</vcpu>
  <metadata>$2</metadata>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$work/injector.vmlinuz</kernel>
    <initrd>$work/state/vms/$1.cpio</initrd>
    <cmdline>console=ttyS0 panic=-1 injector.fail=poweroff</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>$(command -v qemu-system-x86_64)</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$work/disk.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'><source path='$work/$1.log'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>
XML
}

# manifest KEY MOTD: the demo's manifest (tests/guest.sh) in $work/vm/, with
# another key and motd line; want KEY MOTD: the guest's report of them.
manifest() {
	make_payload "$work" || return 1
	echo "ssh-ed25519 AAAA$1 admin@host" > "$work/vm/admin.pub"
	sed -i "s|^line    /etc/motd .*|line    /etc/motd  \"$2\"|" "$work/vm/vm.manifest"
}
want() {
	echo "$GUEST_OK" | sed -e "s|key=[^ ]* [^ ]* admin@host|key=ssh-ed25519 AAAA$1 admin@host|" \
		-e "s|motd=Injected by vmlinuz-tool\.|motd=$2|"
}

# start_and_wait NAME: starts the domain and waits until it is off (the guest
# powers off after its report, through ACPI).
start_and_wait() {
	virsh start "$1" >/dev/null || return 1
	for _ in $(seq 180); do
		[ "$(virsh domstate "$1" 2>/dev/null)" = "shut off" ] && return 0
		sleep 1
	done
	virsh destroy "$1" >/dev/null 2>&1
	return 1
}

# The guest's report without the kernel= and layout= it ends with.
guest_line() { grep -a '^GUEST: ' "$work/$1.log" | tr -d '\r' | tail -n1 | sed 's/ kernel=.*//'; }

meta="<vt:inject xmlns:vt='urn:vmlinuz-tool:libvirt:1' manifest='$work/vm/vm.manifest'/>"
domain_xml vm1 "$meta" > "$work/vm1.xml"
check "domain with the metadata element defined" virsh define "$work/vm1.xml"

manifest first "First start."
check "first start" start_and_wait vm1
check "first start: injector: $(status_of "$work/vm1.log")" \
	[ "$(status_of "$work/vm1.log")" = "status=ok stage=kexec files=4" ]
check "first start: the guest got the first files: $(guest_line vm1)" \
	[ "$(guest_line vm1)" = "$(want first "First start.")" ]
check "first start: authenticated by the token the hook left: $("$VT" status --token-file "$work/state/vms/vm1.cpio.token" "$work/vm1.log")" \
	sh -c '"$VT" status --token-file "$1.cpio.token" "$2" | grep -q "^status=ok stage=kexec files=4 "' \
	sh "$work/state/vms/vm1" "$work/vm1.log"

manifest second "Second start."
check "second start" start_and_wait vm1
check "second start: the guest got the current files: $(guest_line vm1)" \
	[ "$(guest_line vm1)" = "$(want second "Second start.")" ]

# Opt-in by directory: $CONF/vms/NAME/manifest, no metadata.
cp "$work/vm/admin.pub" "$work/conf/vms/plain/"
cp "$work/vm/vm.manifest" "$work/conf/vms/plain/manifest"
domain_xml plain "" > "$work/plain.xml"
virsh define "$work/plain.xml" >/dev/null
rm -f "$work/state/vms/plain.cpio"
virsh start plain >/dev/null 2>&1 && virsh destroy plain >/dev/null 2>&1
check "opt-in by a manifest in the config directory: archive built" [ -s "$work/state/vms/plain.cpio" ]

# A domain that did not opt in: its initrd is not touched.
domain_xml other "" > "$work/other.xml"
virsh define "$work/other.xml" >/dev/null
echo "not a payload" > "$work/state/vms/other.cpio"
virsh start other >/dev/null 2>&1 && virsh destroy other >/dev/null 2>&1
check "domain that did not opt in: its initrd left alone" \
	[ "$(cat "$work/state/vms/other.cpio")" = "not a payload" ]

# A bad manifest: the start is refused and libvirt shows why.
bad=$(($(wc -l < "$work/vm/vm.manifest") + 1))
echo "bogus /etc/x" >> "$work/vm/vm.manifest"
before=$(md5sum < "$work/state/vms/vm1.cpio")
msg=$(virsh start vm1 2>&1 >/dev/null); rc=$?
check "bad manifest: start refused" [ "$rc" != 0 ]
check "bad manifest: libvirt shows the manifest's line ($(echo "$msg" | tail -n1))" \
	sh -c 'echo "$1" | grep -q "vm.manifest:$2: unknown operation"' sh "$msg" "$bad"
check "bad manifest: the domain did not run" [ "$(virsh domstate vm1)" = "shut off" ]
check "bad manifest: the previous archive is intact" [ "$(md5sum < "$work/state/vms/vm1.cpio")" = "$before" ]
finish
