/* SPDX-License-Identifier: MIT */
#include "uki.h"

#include <string.h>

static const char *const part_names[UKI_PARTS] = { ".linux", ".initrd", ".cmdline", ".osrel" };

/* The struct of SIZE bytes at OFF in HEAD, copied out (the file need not be aligned); -1 if past LEN. */
static int take(const uint8_t *head, size_t len, uint64_t off, void *out, size_t size)
{
	if (off > len || size > len - off)
		return -1;
	memcpy(out, head + off, size);
	return 0;
}

/* Where the section table starts, and how many sections; -1 when HEAD is no PE file. */
static int64_t section_table(const uint8_t *head, size_t len, unsigned *n, struct err *err)
{
	struct coff_header coff;
	uint32_t lfanew;
	uint16_t mz;

	if (take(head, len, 0, &mz, sizeof(mz)) < 0 || mz != MZ_MAGIC ||
	    take(head, len, PE_OFFSET_FIELD, &lfanew, sizeof(lfanew)) < 0 ||
	    take(head, len, lfanew, &coff, sizeof(coff)) < 0 || coff.signature != PE_MAGIC)
		return err_set(err, "not a PE file");
	if (coff.nsections > PE_MAX_SECTIONS)
		return err_set(err, "%u sections: more than PE allows", coff.nsections);
	*n = coff.nsections;
	return (int64_t)lfanew + sizeof(coff) + coff.opt_header_size;
}

static int add_section(const struct pe_section *s, uint64_t filesize, struct uki *u,
		       struct err *err)
{
	/* The raw data is padded to the file alignment; virtual_size is the content's. */
	uint64_t size =
	    s->virtual_size && s->virtual_size < s->raw_size ? s->virtual_size : s->raw_size;

	for (int i = 0; i < UKI_PARTS; i++) {
		if (strncmp(s->name, part_names[i], sizeof(s->name)) || u->part[i].size)
			continue;
		if (s->raw_offset > filesize || size > filesize - s->raw_offset)
			return err_set(err, "section %s: past the end of the file", part_names[i]);
		u->part[i] = (struct uki_span){ s->raw_offset, size };
	}
	return 0;
}

int uki_parse(const uint8_t *head, size_t len, uint64_t filesize, struct uki *u, struct err *err)
{
	unsigned n = 0;
	int64_t table = section_table(head, len, &n, err);
	struct pe_section s;

	memset(u, 0, sizeof(*u));
	if (table < 0)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		if (take(head, len, (uint64_t)table + i * sizeof(s), &s, sizeof(s)) < 0)
			return err_set(err, "section table past the first %zu bytes", len);
		if (add_section(&s, filesize, u, err) < 0)
			return -1;
	}
	return u->part[UKI_LINUX].size ? 0 : err_set(err, "no .linux section: not a UKI");
}
