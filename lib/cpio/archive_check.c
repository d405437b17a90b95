/* SPDX-License-Identifier: MIT */
#include "archive_check.h"

#include <string.h>

#include "codec/codec.h"
#include "cpio_read.h"

#define CPIO_NEWC "070701"
#define CPIO_NEWC_CRC "070702"
#define CPIO_ODC "070707"
static const uint8_t lz4_frame_magic[] = { 0x04, 0x22, 0x4d, 0x18 };

static int count_entry(const char *path, void *ctx)
{
	(void)path;
	++*(size_t *)ctx;
	return 0;
}

static int kind(const uint8_t *data, size_t size, const char **codec, struct err *err)
{
	const struct codec *c;

	if (size >= 6 && (memcmp(data, CPIO_NEWC, 6) == 0 || memcmp(data, CPIO_NEWC_CRC, 6) == 0)) {
		*codec = "none";
		return 0;
	}
	if (size >= 6 && memcmp(data, CPIO_ODC, 6) == 0)
		return err_set(err, "is an odc cpio archive; the kernel reads only newc "
			       "(cpio -H newc)");
	if (size >= 4 && memcmp(data, lz4_frame_magic, 4) == 0)
		return err_set(err, "is lz4 frame format; the kernel reads only legacy lz4 "
			       "(lz4 -l)");
	c = codec_detect(data, size);
	if (!c)
		return err_set(err, "is neither a newc cpio archive nor compressed with a codec "
			       "the kernel reads");
	*codec = c->name;
	return 0;
}

int archive_check(const uint8_t *data, size_t size, const char **codec, struct err *err)
{
	size_t entries = 0;

	if (size == 0)
		return err_set(err, "empty file");
	if (kind(data, size, codec, err) < 0)
		return -1;
	if (cpio_list(data, size, count_entry, &entries, err) < 0)
		return -1;
	if (entries == 0)
		return err_set(err, "cpio archive has no entries");
	return 0;
}
