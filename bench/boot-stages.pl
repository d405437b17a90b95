#!/usr/bin/perl
# boot-stages.pl LOG
# The stages of one injected boot, from a console LOG that boot-clock.pl
# wrote with BOOT_CLOCK_LOG ("HOSTSECONDS<tab>LINE"), as "STAGE MS" lines.
# Inside a kernel, times are its printk timestamps (printk.time=1), or
# injector-init's log (CLOCK_MONOTONIC), never one against the other; the
# exec of /init and the jump to the next kernel are measured on the host.
use strict;
use warnings;

my (%k, %h);
my $boot = 0;
while (my $l = <>) {
	my ($host, $line) = split /\t/, $l, 2;
	my ($t) = $line =~ /^\[\s*(\d+\.\d+)\]/;
	if ($line =~ /\] Linux version /) {
		$boot++;
		$h{"linux$boot"} //= $host;
	}
	next unless $boot == 1;
	$h{status} //= $host if $line =~ /INJECTOR: status=ok/;
	next unless defined $t;
	$k{unpack0} //= $t if $line =~ /Trying to unpack rootfs image/;
	$k{unpack1} //= $t if $line =~ /Freeing initrd memory/;
	$k{init} //= $t if $line =~ /Run \/init as init process/;
	$h{init} //= $host if $line =~ /Run \/init as init process/;
	$h{setup} //= $host if $line =~ /injector: stage setup$/;
	$k{$1} //= $t if $line =~ /injector: stage (\w+)$/;
	$k{coldplug} //= $t if $line =~ /injector: setup: .* modules loaded/;
	$k{found} //= $t if $line =~ /injector: root: /;
	$k{kexec_read} = $1 if $line =~ /injector: kexec: read .* in (\d+) ms,/;
	$k{kexec_load} = $1 if $line =~ /injector: kexec: .*, load in (\d+) ms/;
	$k{loaded} //= $t if $line =~ /injector: kexec: loaded /;
}
sub span { # span NAME FROM TO: TO - FROM in ms, when both are known
	my ($name, $from, $to) = @_;
	printf "%s %d\n", $name, 1000 * ($to - $from) + 0.5 if defined $from && defined $to;
}
span('kernel_to_init', 0, $k{init});
span('archive_unpack', $k{unpack0}, $k{unpack1});
# The kernel's clock and CLOCK_MONOTONIC differ by an offset: across them, the host's.
span('init_exec', $h{init}, $h{setup});
span('coldplug', $k{setup}, $k{coldplug});
span('root_search', $k{root}, $k{found});
span('mount', $k{mount}, $k{inject});
span('inject', $k{inject}, $k{kernel});
span('kernel_choice', $k{kernel}, $k{kexec});
span('kexec', $k{kexec}, $k{loaded});
for my $part (qw(read load)) {
	printf "kexec_%s %d\n", $part, $k{"kexec_$part"} if defined $k{"kexec_$part"};
}
# injector-init's start to the load syscall: its stages before kexec, and the reading.
printf "init_to_load_syscall %d\n", 1000 * ($k{kexec} - $k{setup}) + $k{kexec_read} + 0.5
	if defined $k{kexec} && defined $k{setup} && defined $k{kexec_read};
span('jump_to_guest_line', $h{status}, $h{linux2});
