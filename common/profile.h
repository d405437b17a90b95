/* SPDX-License-Identifier: MIT */
/*
 * A distro profile: how one distro family names its kernels, where it keeps
 * its boot configuration and kernel command line, and which kernel modules
 * an injector needs to reach its disks. One parser for both sides:
 * `vmlinuz-tool mkinitramfs` picks the modules from it on the host, and
 * injector-init reads the copies the archive carries (PROFILE_ARCHIVE_DIR)
 * to find its way around the guest (injector-init/bootcfg/distro.h).
 * Format: docs/distro-profiles.md.
 *
 *     os-id    ID...                    os-release ID / ID_LIKE values served
 *     kernel   PATH                     %v stands for the kernel version
 *     initrd   PATH
 *     links    KERNEL INITRD            symlinks to the current ones (repeatable)
 *     boot     PATH                     boot configuration (repeatable)
 *     esp      PATH                     the same, on the ESP (repeatable)
 *     cmdline  PATH [VARIABLE]          command-line source (repeatable)
 *     modules  CLASS NAME...            CLASS: storage virtio fs net
 *     mounts   PATH...                  fstab mount points to mount before the kernel choice
 *     storage  lvm                      the root may be an LVM logical volume
 *
 * Only libc and err.h: injector-init links this file.
 */
#ifndef PROFILE_H
#define PROFILE_H

#include <stddef.h>

#include "err.h"

/* Where the archive carries every profile, and the one it was built for. */
#define PROFILE_ARCHIVE_DIR "/etc/injector/profiles"
#define PROFILE_ARCHIVE_SELECTED "/etc/injector/profile"

#define PROFILE_MAX_SIZE (64u << 10)
#define PROFILE_MAX_LINE 1024
#define PROFILE_MAX_IDS 16
#define PROFILE_MAX_PATHS 16
#define PROFILE_MAX_MODULES 256
/* MODULE_NAME_LEN in the kernel, less the terminating NUL. */
#define PROFILE_MAX_MODULE_NAME 55

enum profile_class {
	PROFILE_STORAGE, /* disk controllers */
	PROFILE_VIRTIO,  /* paravirtual devices */
	PROFILE_FS,      /* filesystems and what they need at mount */
	PROFILE_NET,     /* networking: for the rescue shell only */
	PROFILE_CLASSES
};

/* What a `boot` path is, told by its name: the boot loaders fix the names. */
enum profile_boot {
	PROFILE_BOOT_GRUB,   /* grub.cfg: GRUB's menu */
	PROFILE_BOOT_BLS,    /* entries: a Boot Loader Specification directory */
	PROFILE_BOOT_LOADER, /* loader.conf: systemd-boot's settings */
	PROFILE_BOOT_UKI,    /* Linux: the EFI/Linux directory of unified kernel images */
	PROFILE_BOOT_OTHER,  /* for people only (grub-mkconfig's /etc/default/grub) */
};

struct profile_link {
	const char *kernel;
	const char *initrd;
};

struct profile_cmdline {
	const char *path;
	const char *variable; /* a shell-style VAR="..." in PATH; NULL: all of PATH */
};

struct profile_module {
	const char *name;
	enum profile_class class;
};

/* Every string points into TEXT, the profile's own copy of its source. */
struct profile {
	char *text;
	const char *os_ids[PROFILE_MAX_IDS];
	size_t n_os_ids;
	const char *kernel;
	const char *initrd;
	struct profile_link links[PROFILE_MAX_PATHS];
	size_t n_links;
	const char *boot[PROFILE_MAX_PATHS];
	size_t n_boot;
	/* Paths on the ESP: when there are any, injector-init looks for one and mounts it. */
	const char *esp[PROFILE_MAX_PATHS];
	size_t n_esp;
	struct profile_cmdline cmdline[PROFILE_MAX_PATHS];
	size_t n_cmdline;
	struct profile_module modules[PROFILE_MAX_MODULES];
	size_t n_modules;
	const char *mounts[PROFILE_MAX_PATHS]; /* in mount order */
	size_t n_mounts;
	int lvm; /* `storage lvm`: lvm2 in the archive, volume groups activated */
};

/* Parses LEN bytes of TEXT; errors name the line ("line 3: ..."). */
int profile_parse(struct profile *p, const char *text, size_t len, struct err *err);
/* Reads and parses the file PATH; the message does not repeat PATH. */
int profile_load(struct profile *p, const char *path, struct err *err);
void profile_free(struct profile *p);

/* "storage", "virtio", "fs", "net". */
const char *profile_class_name(enum profile_class class);

enum profile_boot profile_boot_kind(const char *path);

#endif
