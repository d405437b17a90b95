#!/bin/sh
# The end-to-end suite with Debian's stock 6.1 kernel as the injector and
# Debian's 6.12 kernel in the guests.
exec sh "$(dirname "$0")/inject-suite.sh" 6.1 6.12
