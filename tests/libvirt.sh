# Shared by tests/qemu/libvirt-hook.t and bench/libvirt-hook.sh: a libvirt
# daemon of the test's own. libvirtd running as root reads /etc/libvirt
# (its hooks included) and keeps its state in /run and /var, all fixed at
# build time; so it runs in a private mount namespace where those are the
# test's directories, and the host's libvirt setup is neither read nor touched.
# Needs: $work, a scratch directory (short: the daemon's socket path is in it).

# libvirt_start: the daemon, its hooks in $work/libvirt/etc/hooks; the
# client talks to it with: virsh -c "$LIBVIRT_URI" ...
libvirt_start() {
	L=$work/libvirt
	mkdir -p "$L/etc/hooks" "$L/run" "$L/var/tmp" "$L/var/lib" "$L/var/log" "$L/var/cache"
	ln -sfn /run "$L/var/run"
	cat > "$L/etc/libvirtd.conf" <<'CONF'
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:/var/log/libvirtd.log"
CONF
	# Domains run as root, without cgroups, namespaces, labels or virtlogd: none of
	# that is what the test is about, and a container may lack it.
	cat > "$L/etc/qemu.conf" <<'CONF'
user = "root"
group = "root"
swtpm_user = "root"
swtpm_group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
CONF
	LIBVIRT_URI="qemu:///system?socket=$L/run/libvirt/libvirt-sock"
	unshare -m --propagation private sh -c '
		mount --bind "$1/etc" /etc/libvirt && mount --bind "$1/run" /run &&
		mount --bind "$1/var" /var &&
		exec libvirtd -f /etc/libvirt/libvirtd.conf' libvirtd "$L" \
		> "$L/libvirtd.out" 2>&1 &
	LIBVIRTD_PID=$!
	for _ in $(seq 100); do
		virsh -q -c "$LIBVIRT_URI" version >/dev/null 2>&1 && return 0
		kill -0 "$LIBVIRTD_PID" 2>/dev/null || break
		sleep 0.2
	done
	return 1
}

# libvirt_stop: every domain destroyed, the daemon ended.
libvirt_stop() {
	[ -n "${LIBVIRTD_PID:-}" ] || return 0
	for d in $(virsh -q -c "$LIBVIRT_URI" list --name 2>/dev/null); do
		virsh -q -c "$LIBVIRT_URI" destroy "$d" >/dev/null 2>&1
	done
	# A domain's QEMU outlives the daemon: end any still running, by libvirt's pid files.
	for f in "$L"/run/libvirt/qemu/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	kill "$LIBVIRTD_PID" 2>/dev/null
	wait "$LIBVIRTD_PID" 2>/dev/null
	LIBVIRTD_PID=
}
