/* SPDX-License-Identifier: MIT */
#include "esp.h"

#include <blkid.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "module_load.h"

#define ESP_TYPE_GUID "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"

/* 1 when DEV is a partition of the ESP's type that holds vfat. */
static int is_esp(const char *dev)
{
	blkid_probe pr = blkid_new_probe_from_filename(dev);
	const char *type, *fs;
	int yes = 0;

	if (!pr)
		return 0;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	if (blkid_do_safeprobe(pr) == 0 &&
	    blkid_probe_lookup_value(pr, "PART_ENTRY_TYPE", &type, NULL) == 0 &&
	    blkid_probe_lookup_value(pr, "TYPE", &fs, NULL) == 0)
		yes = !strcasecmp(type, ESP_TYPE_GUID) && !strcmp(fs, "vfat");
	blkid_free_probe(pr);
	return yes;
}

/* The name of the whole disk ROOTDEV is on ("vda"), or "" when unknown. */
static void root_disk(const char *rootdev, char *disk, size_t size)
{
	struct stat st;

	disk[0] = '\0';
	if (stat(rootdev, &st) < 0 || !S_ISBLK(st.st_mode) ||
	    blkid_devno_to_wholedisk(st.st_rdev, disk, size, NULL) < 0)
		disk[0] = '\0';
}

/* 1 when the block device NAME is a partition, of DISK unless DISK is "". */
static int partition_of(const char *name, const char *disk)
{
	char path[600];

	if (disk[0])
		snprintf(path, sizeof(path), "/sys/block/%s/%s/partition", disk, name);
	else
		snprintf(path, sizeof(path), "/sys/class/block/%s/partition", name);
	return access(path, F_OK) == 0;
}

/* The first ESP among the partitions of DISK ("": of any disk), in OUT. */
static int find(const char *disk, char *out, size_t size)
{
	struct dirent **names;
	int n = scandir("/sys/class/block", &names, NULL, alphasort), found = 0;

	for (int i = 0; i < n; i++) {
		if (!found && names[i]->d_name[0] != '.' && partition_of(names[i]->d_name, disk)) {
			snprintf(out, size, "/dev/%s", names[i]->d_name);
			found = is_esp(out);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return found;
}

int esp_attach(const char *rootdev, const char *mnt, struct esp *e, struct err *err)
{
	struct err ignored;
	char disk[64];

	e->fd = -1;
	root_disk(rootdev, disk, sizeof(disk));
	if (!(disk[0] && find(disk, e->dev, sizeof(e->dev))) && !find("", e->dev, sizeof(e->dev)))
		return err_set(err, "no EFI system partition (GPT type %s, vfat)", ESP_TYPE_GUID);
	modules_load_fs("vfat", &ignored);
	mkdir(mnt, 0700);
	if (mount(e->dev, mnt, "vfat", MS_RDONLY | MS_NODEV | MS_NOSUID | MS_NOEXEC, NULL) < 0)
		return err_sys(err, "mount %s (vfat) on %s", e->dev, mnt);
	e->fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (e->fd >= 0)
		return 0;
	err_sys(err, "%s", mnt);
	umount(mnt);
	return -1;
}

void esp_detach(struct esp *e, const char *mnt)
{
	if (e->fd < 0)
		return;
	close(e->fd);
	e->fd = -1;
	umount(mnt);
}
