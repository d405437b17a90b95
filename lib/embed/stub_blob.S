/* SPDX-License-Identifier: MIT */
/* The boot stub (built by stub/stub.mk), linked into the tool as data. */
	.section .rodata, "a"
	.balign 16
	.globl stub_blob, stub_blob_end
stub_blob:
	.incbin STUB_BIN
stub_blob_end:
	.section .note.GNU-stack, "", @progbits
