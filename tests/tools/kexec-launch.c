/* SPDX-License-Identifier: MIT */
/*
 * Stage-1 /init for the kexec test: a running stock kernel loads the injector
 * kernel /inj.vmlinuz with /pervm.cpio as its initrd through
 * kexec_file_load, which enters at the 64-bit entry, and reboots into it.
 */
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char cmdline[] = "console=ttyS0 panic=-1";

int main(void)
{
	int kernel = open("/inj.vmlinuz", O_RDONLY | O_CLOEXEC);
	int initrd = open("/pervm.cpio", O_RDONLY | O_CLOEXEC);

	if (kernel < 0 || initrd < 0) {
		perror("KEXECTEST: open");
	} else if (syscall(SYS_kexec_file_load, kernel, initrd, sizeof(cmdline), cmdline, 0UL)) {
		perror("KEXECTEST: kexec_file_load");
	} else {
		printf("KEXECTEST: loaded, rebooting into the injector kernel\n");
		fflush(stdout);
		reboot(LINUX_REBOOT_CMD_KEXEC);
		perror("KEXECTEST: reboot");
	}
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	return 1;
}
