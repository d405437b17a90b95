/* SPDX-License-Identifier: MIT */
/*
 * The blob's first bytes: the two kernel entries, the params block the tool
 * fills in, and the C parts (part32.bin / part64.bin, each position
 * independent, entry at offset 0).
 */
#define STUB_MAGIC 0x62735456
#define STUB_ABI_VERSION 2
#define SCRATCH_SIZE 0x10000 /* 16 page-table pages for the 64-bit entry */
#define STACK_SIZE 2048 /* -fstack-usage: about 1.4 KiB on either path */
#define BP_SCRATCH 0x1e4 /* boot_params.scratch: a 4-byte stack, as startup_32 uses it */
#define BOOT_CS 0x10
#define BOOT_DS 0x18

	.section .text.entry, "ax"
	.globl	_start
	.code32
_start:
	jmp	entry32

	.org	0x10
params:
	.long	STUB_MAGIC
	.word	STUB_ABI_VERSION
	.word	0x40
	.long	blob_end - _start
	.long	SCRATCH_SIZE
	.fill	0x28, 1, 0
	.long	efi_entry - _start
	.long	boot_copy - _start

entry32:
	cld
	cli
	leal	(BP_SCRATCH + 4)(%esi), %esp
	call	1f
1:	popl	%ebp
	subl	$(1b - _start), %ebp
	/* The stack grows down into part64, dead on this path. */
	leal	(blob_end - _start)(%ebp), %esp
	leal	(gdt32 - _start)(%ebp), %eax
	movl	%eax, (gdt32_desc + 2 - _start)(%ebp)
	lgdt	(gdt32_desc - _start)(%ebp)
	leal	(2f - _start)(%ebp), %eax
	pushl	$BOOT_CS
	pushl	%eax
	lret
2:	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	pushl	%esi
	movl	%esi, %eax	/* regparm(3): boot_params, base */
	movl	%ebp, %edx
	call	part32
	popl	%esi
	/* Boot protocol: %esi = boot_params, %ebx = %ebp = %edi = 0. */
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmp	*%eax

	.code64
entry64:
	cld
	cli
	leaq	_start(%rip), %rbp
	/* The stack grows down into part32, dead on this path. */
	leaq	part64(%rip), %rsp
	movq	%rsi, %r12
	movq	%rsi, %rdi
	movq	%rbp, %rsi
	call	part64
	movq	%rax, %r13
	/* The loader's GDT may sit where the initrd just went. */
	leaq	gdt64(%rip), %rax
	movq	%rax, gdt64_desc + 2(%rip)
	lgdt	gdt64_desc(%rip)
	pushq	$BOOT_CS
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movq	%r12, %rsi
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmpq	*%r13

	.code32
	.balign	8
gdt32:
	.quad	0, 0
	.quad	0x00cf9a000000ffff	/* BOOT_CS: flat 32-bit code */
	.quad	0x00cf92000000ffff	/* BOOT_DS: flat data */
gdt64:
	.quad	0, 0
	.quad	0x00af9a000000ffff	/* BOOT_CS: 64-bit code */
	.quad	0x00cf92000000ffff	/* BOOT_DS: flat data */
gdt32_desc:
	.word	31
	.long	0
	.balign	8
gdt64_desc:
	.word	31
	.quad	0

	/* Loaders that enter at 0x200 (kexec, GRUB's EFI legacy path) come here. */
	.org	0x200
	.code64
	jmp	entry64

	/*
	 * Firmware calls the PE entry (ms_abi: %rcx image handle, %rdx system
	 * table); the C side also gets the blob's base, in %r8.
	 */
efi_entry:
	leaq	_start(%rip), %r8
	jmp	part64 + PART64_EFI

	/* The tool's copy of the stock boot sector (stub_abi.h). */
	.balign	16
boot_copy:
	.fill	0x1f1, 1, 0

	/* Each entry's stack lives in the other entry's C part. */
	.balign	8
part32:
	.incbin	PART32_BIN
	.balign	8
part64:
	.incbin	PART64_BIN
	.balign	4096
blob_end:
	/* part.ld asserts both stacks fit. */
	.globl	part32, part64, blob_end, stub_stack_size
	.set	stub_stack_size, STACK_SIZE
