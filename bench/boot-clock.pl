#!/usr/bin/perl
# boot-clock.pl REGEX COMMAND...
# Runs COMMAND (a QEMU with its serial console on stdout), and prints the
# seconds from its start to the first console line matching REGEX, a tab,
# and that line; then stops it. Exit 1 when COMMAND ends without the line.
use strict;
use warnings;
use Time::HiRes qw(time);

my ($regex, @cmd) = @ARGV;
my $t0 = time;
my $pid = open(my $console, '-|', @cmd) or die "boot-clock: $cmd[0]: $!\n";
while (my $line = <$console>) {
	next unless $line =~ /$regex/;
	my $t = time - $t0;
	$line =~ s/[\r\n]+$//;
	printf "%.3f\t%s\n", $t, $line;
	kill 'TERM', $pid;
	close $console;
	exit 0;
}
close $console;
exit 1;
