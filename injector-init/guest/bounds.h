/* SPDX-License-Identifier: MIT */
/*
 * Bounds on what injector-init reads from the guest. The guest's root user
 * writes these files: every parser stops at these limits instead of trusting
 * sizes, counts or nesting it finds there.
 */
#ifndef INIT_BOUNDS_H
#define INIT_BOUNDS_H

#define BOOTCFG_MAX_SIZE (1u << 20)  /* bytes of one configuration file */
#define BOOTCFG_MAX_LINE 4096        /* longer lines are skipped */
#define BOOTCFG_MAX_ENTRIES 256      /* boot entries kept from one source */
#define BOOTCFG_MAX_DEPTH 4          /* nested grub `source` and menus */
#define BOOTCFG_MAX_VARS 128         /* grub/shell variables remembered */
#define BOOTCFG_MAX_WORDS 64         /* words of one grub command */

#define GUEST_PATH_MAX 1024          /* kernel and initrd paths */
#define CMDLINE_MAX 4096             /* x86 COMMAND_LINE_SIZE is 2048; leave room */

#endif
