/* SPDX-License-Identifier: MIT */
#include "kexec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "clock.h"
#include "bootcfg/ukifile.h"
#include "guest/guestfs.h"
#include "kexec_load.h"
#include "readahead.h"
#include "spawn.h"
#include "uki_load.h"

#define KEXEC_TOOL "/sbin/kexec"
#define KEXEC_TOOL_TIMEOUT_S 120
#define KEXEC_INITRD_RAM_DIVISOR 3 /* the initrds' share of MemTotal, at most */

static int append_file(int rootfd, const char *path, int out, struct err *err)
{
	struct stat st;
	int fd = guest_open_file(rootfd, path, &st, err);
	off_t left;

	if (fd < 0)
		return -1;
	for (left = st.st_size; left > 0;) {
		ssize_t n = sendfile(out, fd, NULL, left);

		if (n <= 0) {
			close(fd);
			return err_sys(err, "%s: copy", path);
		}
		left -= n;
	}
	close(fd);
	return 0;
}

/* MemTotal from /proc/meminfo, in bytes; 0 when unknown. */
static unsigned long long mem_total(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	unsigned long long kib = 0;
	char line[128];

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib * 1024;
}

/*
 * The initrds of LIST may take a third of the RAM in all: the concatenation
 * sits in a memfd (RAM) while kexec_file_load copies it into the kernel
 * (RAM again), and the guest's kernel needs the rest to unpack it. A guest's
 * sparse file of terabytes costs it nothing on disk: without the cap PID 1
 * would be killed by the OOM killer, and the kernel panic. EFBIG in errnum.
 */
static int initrd_fits(unsigned long long total, const char *what, struct err *err)
{
	unsigned long long cap = mem_total() / KEXEC_INITRD_RAM_DIVISOR;

	if (cap && total > cap) {
		err_set(err, "initrd %s: %llu bytes, more than a third of the RAM (%llu bytes)", what,
			total, cap);
		err->errnum = EFBIG;
		return -1;
	}
	return 0;
}

static int check_initrd_size(int rootfd, const char *list, struct err *err)
{
	unsigned long long total = 0;
	char copy[GUEST_PATH_MAX];
	char *save = NULL;
	struct stat st;
	int fd;

	snprintf(copy, sizeof(copy), "%s", list);
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		fd = guest_open_file(rootfd, w, &st, err);
		if (fd < 0)
			return -1;
		close(fd);
		total += (unsigned long long)st.st_size;
	}
	return initrd_fits(total, list, err);
}

/* One descriptor for the space-separated initrd LIST (-1 for none). */
static int open_initrd(int rootfd, const char *list, struct err *err)
{
	char copy[GUEST_PATH_MAX];
	char *save = NULL;
	struct stat st;
	int fd;

	if (!list[0])
		return -1;
	if (check_initrd_size(rootfd, list, err) < 0)
		return -1;
	if (!strchr(list, ' '))
		return guest_open_file(rootfd, list, &st, err);
	fd = memfd_create("initrd", MFD_CLOEXEC);
	if (fd < 0)
		return err_sys(err, "memfd");
	snprintf(copy, sizeof(copy), "%s", list);
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (append_file(rootfd, w, fd, err) < 0) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static int load_with_tool(int kfd, int ifd, const char *cmdline, struct err *err)
{
	char kernel[32], initrd[48], cmd[CMDLINE_MAX + 32];
	char *argv[] = { KEXEC_TOOL, "-l", kernel, cmd, initrd, NULL };

	if (access(KEXEC_TOOL, X_OK) < 0)
		return -1;
	/* The helper reaches the guest's files through our descriptors. */
	fcntl(kfd, F_SETFD, 0);
	snprintf(kernel, sizeof(kernel), "/proc/self/fd/%d", kfd);
	snprintf(cmd, sizeof(cmd), "--command-line=%s", cmdline);
	if (ifd >= 0) {
		fcntl(ifd, F_SETFD, 0);
		snprintf(initrd, sizeof(initrd), "--initrd=/proc/self/fd/%d", ifd);
	} else {
		argv[4] = NULL;
	}
	return spawn_check(argv, KEXEC_TOOL_TIMEOUT_S, err);
}

static int load_file(int kfd, int ifd, const char *cmdline, struct kexec_times *t,
		     struct err *err)
{
	unsigned long flags = ifd < 0 ? KEXEC_FILE_NO_INITRAMFS : 0;
	int saved;

	t->method = "kexec_file_load";
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(cmdline) + 1, cmdline, flags) == 0)
		return 0;
	saved = errno;
	t->method = "kexec-tools";
	if (load_with_tool(kfd, ifd, cmdline, err) == 0)
		return 0;
	errno = saved;
	return err_sys(err, "kexec_file_load");
}

/* FD's bytes, read now (MAP_POPULATE): the load's time is then the kernel's own work. */
struct mapping {
	void *p;
	size_t size;
};

static int map(int fd, struct mapping *m, struct err *err)
{
	struct stat st;

	*m = (struct mapping){ NULL, 0 };
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0)
		return err_sys(err, "stat");
	if (st.st_size <= 0)
		return 0;
	readahead_widen(fd);
	m->p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (m->p == MAP_FAILED) {
		m->p = NULL;
		return err_sys(err, "mmap");
	}
	m->size = (size_t)st.st_size;
	return 0;
}

static void unmap(struct mapping *m)
{
	if (m->p)
		munmap(m->p, m->size);
}

/*
 * kexec_load through our purgatory when the kernel allows it, else
 * kexec_file_load; why the first was passed over goes to t->fallback.
 */
static int load(int kfd, int ifd, const struct mapping *k, const struct mapping *i,
		const char *cmdline, struct kexec_times *t, struct err *err)
{
	if (!kexec_load_allowed()) {
		snprintf(t->fallback, sizeof(t->fallback), "booted through EFI");
	} else if (k->p && kexec_load_bzimage(k->p, k->size, i->p, i->size, cmdline, err) == 0) {
		t->method = "kexec_load";
		return 0;
	} else {
		snprintf(t->fallback, sizeof(t->fallback), "%s%s",
			 k->p ? err->msg : "empty kernel file",
			 err->errnum == EPERM ? " (lockdown, or kernel.kexec_load_disabled)" : "");
	}
	return load_file(kfd, ifd, cmdline, t, err);
}

/* The UKI C->kernel's .linux and .initrd, in memory files. */
static int open_uki(int rootfd, const struct kcand *c, int *kfd, int *ifd, struct err *err)
{
	struct uki u;
	int fd = uki_open(rootfd, c->kernel, &u, err), r;

	if (fd < 0)
		return -1;
	r = initrd_fits(u.part[UKI_INITRD].size, c->kernel, err);
	if (r == 0)
		r = uki_extract(fd, &u, kfd, ifd, err);
	close(fd);
	return r < 0 && err->errnum != EFBIG ? err_prefix(err, "%s", c->kernel) : r;
}

static int open_pair(int rootfd, const struct kcand *c, int *kfd, int *ifd, struct err *err)
{
	struct stat st;

	if (c->uki)
		return open_uki(rootfd, c, kfd, ifd, err);
	*kfd = guest_open_file(rootfd, c->kernel, &st, err);
	if (*kfd < 0)
		return -1;
	*ifd = open_initrd(rootfd, c->initrd, err);
	if (*ifd < 0 && c->initrd[0]) {
		close(*kfd);
		return -1;
	}
	return 0;
}

int kexec_prepare(int rootfd, const struct kcand *c, struct kexec_times *t, struct err *err)
{
	struct mapping k = { NULL, 0 }, i = { NULL, 0 };
	long start = clock_ms();
	int kfd, ifd, r = -1;

	*t = (struct kexec_times){ .method = "" };
	if (open_pair(rootfd, c, &kfd, &ifd, err) < 0)
		return -1;
	if (map(kfd, &k, err) < 0 || map(ifd, &i, err) < 0)
		goto out;
	t->bytes = k.size + i.size;
	t->read_ms = clock_ms() - start;
	r = load(kfd, ifd, &k, &i, c->cmdline, t, err);
	t->load_ms = clock_ms() - start - t->read_ms;
out:
	unmap(&k);
	unmap(&i);
	close(kfd);
	if (ifd >= 0)
		close(ifd);
	return r < 0 ? err_prefix(err, "%s", c->kernel) : 0;
}

int kexec_jump(struct err *err)
{
	/*
	 * The status line may still sit in the console's tty buffer, which the
	 * jump drops: the host would never see status=ok.
	 */
	tcdrain(STDOUT_FILENO);
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return err_sys(err, "reboot(LINUX_REBOOT_CMD_KEXEC)");
}
