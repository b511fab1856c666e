#!/bin/sh
# Installs Debian's chromium and chromium-driver for the browser tests, when they are missing.
# Without apt-get (or without root or sudo) it says so and leaves the browser tests to skip,
# unless CLAIMCHECK_BROWSER=require, which makes it fail.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    SUDO="none"
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$SUDO" = none ]; then
    echo "setup-browser: cannot install chromium here (needs apt-get and root or sudo); browser tests will be skipped" >&2
    [ "${CLAIMCHECK_BROWSER:-}" = require ] && exit 1
    exit 0
fi
echo "setup-browser: installing chromium and chromium-driver with apt-get" >&2
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium chromium-driver >/dev/null
