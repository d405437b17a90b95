/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: the kernel command line as injector-init reads it (the
 * injector.* options) and the guest's command line it builds from a boot
 * entry's arguments, which the guest writes. The guest's line must fit its
 * buffer and keep none of the injector.* words.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No word of S, as cmdline_next splits it, starts with "injector.". */
static int no_injector_word(const char *s)
{
	char word[CMDLINE_MAX];

	while (cmdline_next(&s, word, sizeof(word), NULL, 0) != CMDLINE_END)
		if (!strncmp(word, "injector.", 9))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[2 * CMDLINE_MAX];
	char out[CMDLINE_MAX];
	struct init_config cfg;
	struct err err;
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;

	memcpy(text, data, n);
	text[n] = '\0';
	if (cmdline_parse(text, &cfg, &err) == 0 &&
	    (cfg.rootwait > ROOTWAIT_MAX || cfg.shelltimeout > SHELLTIMEOUT_MAX ||
	     cfg.fail > FAIL_CONTINUE || strlen(cfg.root) >= sizeof(cfg.root)))
		abort();
	if (cmdline_guest(text, "console=ttyS0", out, sizeof(out), &err) == 0 &&
	    (strlen(out) >= sizeof(out) || !no_injector_word(out)))
		abort();
	return 0;
}
