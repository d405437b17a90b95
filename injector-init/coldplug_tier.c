/* SPDX-License-Identifier: MIT */
#include "coldplug_tier.h"

#include <string.h>

/* SCSI peripheral types (SPC) that hold no block filesystem: tape, WORM, CD/DVD, changer. */
static const char *const scsi_never[] = { "scsi:t-0x01", "scsi:t-0x04", "scsi:t-0x05",
					  "scsi:t-0x08" };

enum coldplug_tier coldplug_tier(const char *modalias)
{
	for (size_t i = 0; i < sizeof(scsi_never) / sizeof(scsi_never[0]); i++)
		if (!strcmp(modalias, scsi_never[i]))
			return COLDPLUG_NEVER;
	/* pci:v...d...sv...sd...bcCCscSSiII: class 01 (storage), subclass 01 (IDE). */
	if (!strncmp(modalias, "pci:", 4) && strstr(modalias, "bc01sc01i"))
		return COLDPLUG_LATE;
	return COLDPLUG_NOW;
}
