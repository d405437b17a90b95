#!/usr/bin/perl
# boot-clock.pl REGEX COMMAND...
# Runs COMMAND (a QEMU with its serial console on stdout), and prints the
# seconds from its start to the first console line matching REGEX, a tab,
# and that line; then stops it. Exit 1 when COMMAND ends without the line.
# With BOOT_CLOCK_LOG=FILE, every console line up to that one goes to FILE
# as "SECONDS<tab>LINE" (bench/boot-stages.pl reads it).
use strict;
use warnings;
use Time::HiRes qw(time);

my ($regex, @cmd) = @ARGV;
my $log;
if ($ENV{BOOT_CLOCK_LOG}) {
	open($log, '>', $ENV{BOOT_CLOCK_LOG}) or die "boot-clock: $ENV{BOOT_CLOCK_LOG}: $!\n";
}
my $t0 = time;
my $pid = open(my $console, '-|', @cmd) or die "boot-clock: $cmd[0]: $!\n";
while (my $line = <$console>) {
	my $t = time - $t0;
	$line =~ s/[\r\n]+$//;
	printf $log "%.3f\t%s\n", $t, $line if $log;
	next unless $line =~ /$regex/;
	printf "%.3f\t%s\n", $t, $line;
	kill 'TERM', $pid;
	close $console;
	exit 0;
}
close $console;
exit 1;
