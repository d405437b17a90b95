/* SPDX-License-Identifier: MIT */
#include "bzimage.h"

#include <string.h>
#include <sys/mman.h>

#define ELF_MAGIC "\177ELF"
#define ARM64_IMAGE_MAGIC_OFFSET 0x38
#define ARM64_IMAGE_MAGIC "ARM\x64"

/* Names what DATA is when it is not a bzImage, for a more useful error. */
static int not_a_bzimage(const uint8_t *data, size_t size, struct err *err)
{
	if (size >= 4 && memcmp(data, ELF_MAGIC, 4) == 0)
		return err_set(err, "is an ELF file (a vmlinux?), not a bzImage");
	if (size >= ARM64_IMAGE_MAGIC_OFFSET + 4 &&
	    memcmp(data + ARM64_IMAGE_MAGIC_OFFSET, ARM64_IMAGE_MAGIC, 4) == 0)
		return err_set(err, "is an arm64 Image, not an x86 bzImage");
	return err_set(err, "not an x86 bzImage (no HdrS boot header)");
}

static int check_header(struct bzimage *bz, struct err *err)
{
	const struct setup_header *h;

	if (bz->size == 0)
		return err_set(err, "empty file");
	if (bz->size < SETUP_HEADER_OFFSET + sizeof(*h))
		return bz->size >= 4 && memcmp(bz->data, ELF_MAGIC, 4) == 0
			       ? not_a_bzimage(bz->data, bz->size, err)
			       : err_set(err, "too small for a bzImage (%zu bytes)", bz->size);
	h = bz->hdr = (const struct setup_header *)(bz->data + SETUP_HEADER_OFFSET);
	if (h->header != HDRS_MAGIC || h->boot_flag != BOOT_FLAG_MAGIC)
		return not_a_bzimage(bz->data, bz->size, err);
	if (h->version < BZIMAGE_MIN_VERSION)
		return err_set(err, "boot protocol %u.%02u is too old: %u.%02u or newer is needed",
			       h->version >> 8, h->version & 0xff, BZIMAGE_MIN_VERSION >> 8,
			       BZIMAGE_MIN_VERSION & 0xff);
	return 0;
}

static int check_parts(struct bzimage *bz, struct err *err)
{
	const struct setup_header *h = bz->hdr;

	bz->setup_size = ((size_t)(h->setup_sects ? h->setup_sects : DEFAULT_SETUP_SECTS) + 1) *
			 SECTOR_SIZE;
	bz->pm_size = (size_t)h->syssize * 16;
	if (bz->setup_size >= bz->size)
		return err_set(err, "truncated: %zu bytes, but the setup code alone is %zu",
			       bz->size, bz->setup_size);
	/* The build pads the file to whole paragraphs; a signature may follow. */
	if (bz->pm_size > bz->size - bz->setup_size)
		return err_set(err, "truncated: %zu bytes, but the header declares %zu",
			       bz->size, bz->setup_size + bz->pm_size);
	return 0;
}

/* A NUL-terminated string at OFF inside the setup code, or an error. */
static int setup_string(const struct bzimage *bz, size_t off, const char **s, struct err *err)
{
	if (off >= bz->setup_size || !memchr(bz->data + off, '\0', bz->setup_size - off))
		return err_set(err, "kernel_version (0x%zx) points outside the setup code", off);
	*s = (const char *)bz->data + off;
	return 0;
}

/* Checks that [off, off + len) of the protected-mode part lies in the file. */
static int pm_range(const struct bzimage *bz, const char *what, uint64_t off, uint64_t len,
		    struct err *err)
{
	if (off > bz->size - bz->setup_size || len > bz->size - bz->setup_size - off)
		return err_set(err, "%s (offset 0x%llx, %llu bytes) lies outside the file", what,
			       (unsigned long long)off, (unsigned long long)len);
	return 0;
}

static int check_offsets(struct bzimage *bz, struct err *err)
{
	const struct setup_header *h = bz->hdr;
	const struct kernel_info *ki;

	if (h->kernel_version &&
	    setup_string(bz, (size_t)h->kernel_version + 0x200, &bz->kernel_version, err) < 0)
		return -1;
	if ((h->xloadflags & (XLF_EFI_HANDOVER_32 | XLF_EFI_HANDOVER_64)) &&
	    pm_range(bz, "handover entry", (uint64_t)h->handover_offset + KERNEL_64BIT_ENTRY, 1,
		     err) < 0)
		return -1;
	if (h->version < 0x020f || !h->kernel_info_offset)
		return 0;
	if (pm_range(bz, "kernel_info", h->kernel_info_offset, sizeof(*ki), err) < 0)
		return -1;
	ki = (const struct kernel_info *)(bz->data + bz->setup_size + h->kernel_info_offset);
	if (ki->header != KERNEL_INFO_MAGIC)
		return err_set(err, "kernel_info at 0x%x lacks its LToP magic", h->kernel_info_offset);
	bz->kernel_info = ki;
	return 0;
}

static int check_payload(struct bzimage *bz, struct err *err)
{
	const struct setup_header *h = bz->hdr;
	const uint8_t *p;

	if (pm_range(bz, "payload", h->payload_offset, h->payload_length, err) < 0)
		return -1;
	if (h->payload_length < 8)
		return err_set(err, "payload is only %u bytes", h->payload_length);
	bz->payload = p = bz->data + bz->setup_size + h->payload_offset;
	bz->payload_len = h->payload_length;
	bz->codec = codec_detect(p, bz->payload_len);
	if (!bz->codec)
		return err_set(err, "payload has an unknown compression (magic %02x %02x %02x %02x)",
			       p[0], p[1], p[2], p[3]);
	memcpy(&bz->output_len, p + bz->payload_len - 4, 4);
	if (bz->output_len > h->init_size || bz->output_len > BZIMAGE_MAX_OUTPUT)
		return err_set(err, "payload claims %u decompressed bytes, more than init_size "
			       "(%u) or the %u MiB cap allows", bz->output_len, h->init_size,
			       BZIMAGE_MAX_OUTPUT >> 20);
	return 0;
}

int bzimage_parse(struct bzimage *bz, const uint8_t *data, size_t size, struct err *err)
{
	memset(bz, 0, sizeof(*bz));
	bz->data = data;
	bz->size = size;
	if (check_header(bz, err) < 0 || check_parts(bz, err) < 0 ||
	    check_offsets(bz, err) < 0 || check_payload(bz, err) < 0)
		return -1;
	return 0;
}

/*
 * The output is a mapping populated in one go: on virtual machines, faulting
 * tens of MiB in page by page costs as much as decompressing them.
 */
static size_t output_map_size(const struct bzimage *bz)
{
	return bz->output_len ? bz->output_len : 1;
}

int bzimage_decompress(const struct bzimage *bz, uint8_t **out, struct err *err)
{
	size_t stream_len = bz->payload_len - (bz->codec->size_word_in_stream ? 0 : 4);
	uint8_t *buf = mmap(NULL, output_map_size(bz), PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (buf == MAP_FAILED)
		return err_set(err, "out of memory for %u decompressed bytes", bz->output_len);
	if (bz->codec->decompress(bz->payload, stream_len, buf, bz->output_len, err) < 0) {
		bzimage_output_free(bz, buf);
		return err_prefix(err, "payload");
	}
	*out = buf;
	return 0;
}

void bzimage_output_free(const struct bzimage *bz, uint8_t *out)
{
	if (out)
		munmap(out, output_map_size(bz));
}
