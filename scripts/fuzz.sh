#!/usr/bin/env bash
# make fuzz: builds every tests/fuzz/fuzz_*.c with clang's libFuzzer and
# runs each for FUZZ_SECONDS (default 60) on a copy of its corpus.  New
# crashes are left in build/fuzz/; add the reproducer to the corpus once
# fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang >/dev/null || {
	sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang libclang-rt-14-dev
}
B=${B:-build}
make B="$B" "$B/gen/migrations.h" >/dev/null
secs=${FUZZ_SECONDS:-60}
mkdir -p "$B/fuzz"
libs="$(pkg-config --libs libmicrohttpd sqlite3 jansson libsodium libcmark-gfm libical) -lcmark-gfm-extensions -lcsv -lpthread"
srcs=$(ls lib/*.c db/*.c core/*.c server/*.c cmd/*.c | grep -v cmd/main.c)
# FUZZ_TARGETS="json cookie" runs only those.
for f in tests/fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	target=${name#fuzz_}
	if [ -n "${FUZZ_TARGETS:-}" ] && ! [[ " $FUZZ_TARGETS " == *" $target "* ]]; then
		continue
	fi
	echo "== $name (${secs}s)"
	# shellcheck disable=SC2086
	clang -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -Ilib -Idb -Icore -Iserver -Icmd -I"$B/gen" \
		-Itests/common "$f" tests/common/allowlist.c $srcs \
		-o "$B/fuzz/$name" $libs
	mkdir -p "$B/fuzz/corpus-$target"
	cp -n tests/fuzz/corpus/"$target"/* "$B/fuzz/corpus-$target/" 2>/dev/null || true
	(cd "$B/fuzz" && "./$name" -max_total_time="$secs" -max_len=65536 \
		-timeout=2 "corpus-$target")
done
