/* SPDX-License-Identifier: MIT */
/*
 * The code kexec_load(2) enters after the reboot: the kernel's
 * relocate_kernel has copied our segments into place and jumps here in
 * 64-bit mode, interrupts off, on identity-mapped page tables, with the old
 * kernel's GDT still loaded (its address no longer mapped). We set up what
 * the 64-bit boot protocol asks (Documentation/arch/x86/boot.rst): an
 * identity map, ours (idmap.h: kexec's page tables lie outside every
 * segment, so possibly inside the init_size the decompressor writes), a
 * GDT with flat __BOOT_CS 0x10 and __BOOT_DS 0x18, those segments loaded,
 * %rsi = the zero page; then jump to the kernel's 64-bit entry. No digest:
 * docs/injector-init.md says why none is needed here.
 *
 * Copied out as bytes (purgatory_start .. purgatory_end) into the setup
 * segment's first page (256 bytes of its 4096: the zero page follows),
 * so it must be position independent: RIP-relative only. The
 * loader fills purgatory_boot_params, purgatory_entry64 and the two tables'
 * addresses.
 */
	.section .rodata.purgatory, "a"
	.code64
	.balign 16
	.globl purgatory_start, purgatory_end, purgatory_boot_params, purgatory_entry64
	.globl purgatory_pml4, purgatory_pml5
purgatory_start:
	/* LA57 survives relocate_kernel and cannot change in long mode: match it. */
	movq	purgatory_pml4(%rip), %rax
	movq	%cr4, %rcx
	btq	$12, %rcx			/* X86_CR4_LA57 */
	jnc	0f
	movq	purgatory_pml5(%rip), %rax
0:	movq	%rax, %cr3			/* PCIDE and PGE are off: a full flush */
	leaq	gdt(%rip), %rax
	movq	%rax, gdt_desc + 2(%rip)	/* the GDT's base: where we were copied */
	lgdt	gdt_desc(%rip)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	stack_end(%rip), %rsp
	pushq	$0x10				/* far return: CS = __BOOT_CS */
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	movq	purgatory_boot_params(%rip), %rsi
	xorl	%ebx, %ebx			/* the boot processor, as kexec-tools says */
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmpq	*purgatory_entry64(%rip)

	.balign 8
purgatory_boot_params:
	.quad	0
purgatory_entry64:
	.quad	0
purgatory_pml4:
	.quad	0
purgatory_pml5:
	.quad	0
gdt:
	.quad	0
	.quad	0
	.quad	0x00af9a000000ffff		/* 0x10: flat 64-bit code, execute/read */
	.quad	0x00cf92000000ffff		/* 0x18: flat data, read/write */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	0
	.balign 16
	.fill	64, 1, 0			/* the far return's stack */
stack_end:
purgatory_end:
	.section .note.GNU-stack, "", @progbits
