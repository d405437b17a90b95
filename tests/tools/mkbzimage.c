/* SPDX-License-Identifier: MIT */
/*
 * mkbzimage PAYLOAD OUT: wraps a compressed kernel payload (ending in its
 * 4-byte little-endian decompressed-size word, as arch/x86/boot/compressed/
 * Makefile leaves it) into the smallest bzImage the boot protocol allows:
 *
 *   [boot sector][1 setup sector][pad][kernel_info][pad][PAYLOAD][pad to 16]
 *                                ^ protected-mode part: offsets count from here
 *
 * There is no real-mode or 32-bit code: the image is for parsers, not for
 * booting. Every field is written through struct setup_header, the project's
 * single source of truth for the header layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootparam.h"

#define SETUP_SECTS 1
#define SETUP_SIZE ((SETUP_SECTS + 1) * SECTOR_SIZE)
#define KERNEL_VERSION_AT 0x300 /* file offset of the string, inside the setup sector */
#define KERNEL_VERSION "6.99.0-mkbzimage (test fixture)"
#define KERNEL_INFO_OFFSET 0x10 /* offset 0 would mean "no kernel_info" */
#define PAYLOAD_OFFSET 0x40     /* after kernel_info; nonzero, like the kernel's 0x2cc */
#define PARAGRAPH 16
#define KERNEL_ALIGN (2u << 20)
#define PREF_ADDRESS (16u << 20)
#define SETUP_TYPE_MAX 0x80000009u /* what Linux 6.x advertises */

_Static_assert(KERNEL_VERSION_AT >= SETUP_HEADER_OFFSET + sizeof(struct setup_header) &&
		       KERNEL_VERSION_AT + sizeof(KERNEL_VERSION) <= SETUP_SIZE,
	       "kernel_version string lies in the setup sector, after the header");
_Static_assert(PAYLOAD_OFFSET >= KERNEL_INFO_OFFSET + sizeof(struct kernel_info),
	       "payload after kernel_info");

static void die(const char *what, const char *path)
{
	fprintf(stderr, "mkbzimage: %s: %s\n", path, what);
	exit(1);
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0)
		die("cannot read", path);
	if (!(data = malloc((size_t)n + 1)) || fread(data, 1, (size_t)n, f) != (size_t)n)
		die("cannot read", path);
	fclose(f);
	*size = (size_t)n;
	return data;
}

static uint32_t round_up(uint32_t v, uint32_t to)
{
	return (v + to - 1) / to * to;
}

static void fill_header(struct setup_header *h, size_t pm_size, uint32_t payload_len,
			uint32_t output_len)
{
	h->setup_sects = SETUP_SECTS;
	h->syssize = (uint32_t)(pm_size / PARAGRAPH);
	h->boot_flag = BOOT_FLAG_MAGIC;
	/* A short jump (EB rel8) from 0x200 over the header, as header.S has. */
	h->jump = 0xeb | (uint16_t)((SETUP_HEADER_OFFSET + sizeof(*h) - 0x202) << 8);
	h->header = HDRS_MAGIC;
	h->version = 0x020f;
	h->kernel_version = KERNEL_VERSION_AT - 0x200;
	h->loadflags = LOADED_HIGH;
	h->code32_start = 0x100000;
	h->initrd_addr_max = 0x7fffffff;
	h->kernel_alignment = KERNEL_ALIGN;
	h->relocatable_kernel = 1;
	h->min_alignment = 21; /* log2(KERNEL_ALIGN) */
	h->xloadflags = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G;
	h->cmdline_size = 2047;
	h->payload_offset = PAYLOAD_OFFSET;
	h->payload_length = payload_len;
	h->pref_address = PREF_ADDRESS;
	/* The decompressed kernel, rounded to the alignment, fits in init_size. */
	h->init_size = round_up(output_len, KERNEL_ALIGN);
	h->kernel_info_offset = KERNEL_INFO_OFFSET;
}

int main(int argc, char **argv)
{
	struct setup_header *h;
	struct kernel_info *ki;
	size_t payload_len, pm_size, total;
	uint8_t *payload, *img;
	uint32_t output_len;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: mkbzimage PAYLOAD OUT\n");
		return 2;
	}
	payload = read_file(argv[1], &payload_len);
	if (payload_len < 8 || payload_len > UINT32_MAX - PAYLOAD_OFFSET - PARAGRAPH)
		die("payload size out of range", argv[1]);
	memcpy(&output_len, payload + payload_len - 4, 4);
	pm_size = round_up((uint32_t)(PAYLOAD_OFFSET + payload_len), PARAGRAPH);
	total = SETUP_SIZE + pm_size;
	if (!(img = calloc(1, total)))
		die("out of memory", argv[1]);
	h = (struct setup_header *)(img + SETUP_HEADER_OFFSET);
	fill_header(h, pm_size, (uint32_t)payload_len, output_len);
	memcpy(img + KERNEL_VERSION_AT, KERNEL_VERSION, sizeof(KERNEL_VERSION));
	ki = (struct kernel_info *)(img + SETUP_SIZE + KERNEL_INFO_OFFSET);
	*ki = (struct kernel_info){ KERNEL_INFO_MAGIC, sizeof(*ki), sizeof(*ki), SETUP_TYPE_MAX };
	memcpy(img + SETUP_SIZE + PAYLOAD_OFFSET, payload, payload_len);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(img, 1, total, f) != total || fclose(f) != 0)
		die("cannot write", argv[2]);
	free(img);
	free(payload);
	return 0;
}
