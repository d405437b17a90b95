/* SPDX-License-Identifier: MIT */
/* The only output the stub has: one line on COM1, then halt for good. */
#include "stub.h"

#define COM1 0x3f8

static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_serial(char c)
{
	/* Bounded wait: a missing UART must not hang us before the halt. */
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (uint8_t)c);
}

static void puts_serial(const char *s)
{
	while (*s)
		putc_serial(*s++);
}

void stub_die(const char *msg)
{
	/* 115200 8N1, in case no loader set the UART up. */
	outb(COM1 + 1, 0);
	outb(COM1 + 3, 0x80);
	outb(COM1 + 0, 1);
	outb(COM1 + 1, 0);
	outb(COM1 + 3, 0x03);
	outb(COM1 + 2, 0xc7);
	outb(COM1 + 4, 0x03);
	puts_serial("\r\nvmlinuz-tool stub: ");
	puts_serial(msg);
	puts_serial("\r\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
