/* SPDX-License-Identifier: MIT */
/* Which devices coldplug drives at once, later, or never (coldplug_tier.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "coldplug_tier.h"

/* Modaliases read from /sys/devices in QEMU's pc and q35 machines. */
static void test_root_controllers_now(void **state)
{
	(void)state;
	/* virtio-blk (legacy PCI), NVMe, AHCI, a SCSI disk, a virtio device */
	assert_int_equal(coldplug_tier("pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00"),
			 COLDPLUG_NOW);
	assert_int_equal(coldplug_tier("pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02"),
			 COLDPLUG_NOW);
	assert_int_equal(coldplug_tier("pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01"),
			 COLDPLUG_NOW);
	assert_int_equal(coldplug_tier("scsi:t-0x00"), COLDPLUG_NOW);
	assert_int_equal(coldplug_tier("virtio:d00000002v00001AF4"), COLDPLUG_NOW);
}

static void test_ide_late(void **state)
{
	(void)state;
	/* PIIX3 IDE of QEMU's pc machine */
	assert_int_equal(coldplug_tier("pci:v00008086d00007010sv00001AF4sd00001100bc01sc01i80"),
			 COLDPLUG_LATE);
	/* subclass 01 of another class (network: token ring) */
	assert_int_equal(coldplug_tier("pci:v000010ECd00008139sv00001AF4sd00001100bc02sc01i00"),
			 COLDPLUG_NOW);
}

static void test_no_root_never(void **state)
{
	(void)state;
	assert_int_equal(coldplug_tier("scsi:t-0x05"), COLDPLUG_NEVER);
	assert_int_equal(coldplug_tier("scsi:t-0x01"), COLDPLUG_NEVER);
	assert_int_equal(coldplug_tier("scsi:t-0x0e"), COLDPLUG_NOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_controllers_now),
		cmocka_unit_test(test_ide_late),
		cmocka_unit_test(test_no_root_never),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
