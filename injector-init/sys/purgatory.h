/* SPDX-License-Identifier: MIT */
/* The purgatory's bytes (purgatory.S): copied into the setup segment, then patched. */
#ifndef INIT_PURGATORY_H
#define INIT_PURGATORY_H

#include <stdint.h>

extern const uint8_t purgatory_start[], purgatory_end[];
extern const uint8_t purgatory_boot_params[], purgatory_entry64[];
extern const uint8_t purgatory_pml4[], purgatory_pml5[];

#endif
