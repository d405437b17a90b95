/* SPDX-License-Identifier: MIT */
/* Whether a mounted filesystem is an operating system's root we can boot. */
#ifndef INIT_OSDETECT_H
#define INIT_OSDETECT_H

/* 1 when ROOTFD has an os-release and a kernel or a boot configuration. */
int osdetect(int rootfd);

#endif
