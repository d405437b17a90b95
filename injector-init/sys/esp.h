/* SPDX-License-Identifier: MIT */
/*
 * The guest's EFI system partition, found as systemd's gpt-auto generator
 * and bootctl find it: the partition whose GPT type is the ESP's
 * (c12a7328-f81f-11d2-ba4b-00a0c93ec93b) and which holds a FAT file
 * system, on the disk of the guest's root first, then on any disk. It is
 * mounted read-only, nodev, nosuid, noexec, apart from the guest root:
 * injector-init only reads kernels from it, and writes nothing there.
 */
#ifndef INIT_ESP_H
#define INIT_ESP_H

#include "err.h"

struct esp {
	char dev[256];
	int fd; /* the mounted ESP's directory; -1: none */
};

/* Finds and mounts the ESP of the disk of ROOTDEV (else any disk's) on MNT; 0, or -1. */
int esp_attach(const char *rootdev, const char *mnt, struct esp *e, struct err *err);

/* Unmounts what esp_attach mounted on MNT, if anything. */
void esp_detach(struct esp *e, const char *mnt);

#endif
