/* SPDX-License-Identifier: MIT */
/*
 * btrfs-snapshot DIR NAME: snapshot the btrfs subvolume at DIR as DIR/NAME.
 * Debian 12's mkfs.btrfs (btrfs-progs 6.2) has no --subvol and busybox no
 * btrfs applet, so the tests' helper VM builds a subvolume layout with this
 * one ioctl. Static: it runs from a bare initramfs.
 */
#include <fcntl.h>
#include <linux/btrfs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct btrfs_ioctl_vol_args args = { 0 };
	int fd;

	if (argc != 3 || strlen(argv[2]) >= sizeof(args.name)) {
		fprintf(stderr, "usage: btrfs-snapshot DIR NAME\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	args.fd = fd;
	strcpy(args.name, argv[2]);
	if (ioctl(fd, BTRFS_IOC_SNAP_CREATE, &args) < 0) {
		perror("BTRFS_IOC_SNAP_CREATE");
		return 1;
	}
	close(fd);
	return 0;
}
