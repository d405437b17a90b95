/* SPDX-License-Identifier: MIT */
/*
 * Unified kernel images (the UAPI group's UKI specification): a PE file,
 * systemd-stub, whose sections carry the kernel (.linux), its initrd
 * (.initrd), its command line (.cmdline) and the os-release of the system
 * it boots (.osrel). injector-init kexecs .linux and .initrd with .cmdline
 * (sys/uki_load.h) instead of starting the stub. The headers are read from
 * the file's first bytes; every section must lie inside the file.
 */
#ifndef INIT_UKI_H
#define INIT_UKI_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "pe_format.h"

/* The headers and section table must lie in the first this many bytes. */
#define UKI_HEAD_MAX 8192
/* .cmdline and .osrel are read whole: text, bounded. */
#define UKI_TEXT_MAX 4096

enum uki_part { UKI_LINUX, UKI_INITRD, UKI_CMDLINE, UKI_OSREL, UKI_PARTS };

struct uki_span {
	uint64_t offset, size; /* in the file; size 0: the image has no such section */
};

struct uki {
	struct uki_span part[UKI_PARTS];
};

/*
 * The sections of the FILESIZE-byte image whose first LEN bytes are HEAD.
 * 0 when it is a PE file with a .linux section; -1 otherwise ("not a PE
 * file", "no .linux section", a section past the end).
 */
int uki_parse(const uint8_t *head, size_t len, uint64_t filesize, struct uki *u, struct err *err);

#endif
