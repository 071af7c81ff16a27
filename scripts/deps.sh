#!/bin/sh
# Installs the Debian packages confab needs to build and test, when any is
# missing.  A no-op when everything is already there, so `make run` and
# `make check` can call it every time.  Uses sudo when not root.
set -eu

need_build="pkg-config gcc make libmicrohttpd-dev libsqlite3-dev libjansson-dev
libsodium-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libical-dev
libcsv-dev libicu-dev tzdata"
need_test="libcmocka-dev libcurl4-openssl-dev"

missing=""
want="$need_build"
[ "${1:-}" = "test" ] && want="$want $need_test"
[ "${1:-}" = "valgrind" ] && want="valgrind"
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing Debian packages:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
