#!/usr/bin/env bash
# make stress: the long versions of the reliability tests (docs/reliability.md).
#   CRASH_KILLS       SIGKILLs in the kill loop (default 200)
#   OVERLOAD_SECONDS  how long 1000 slow connections are held (default 60)
# Everything binds to 127.0.0.1 (slow clients also to 127.0.0.2-6), is
# bounded in count and time, and stops by itself.  Ends with the commit
# rates of synchronous=NORMAL and FULL on this disk.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export CONFAB_BIN="$B/asan/confab"
t="$B/asan/tests/http"
failed=0

run() {
	echo "== $*"
	if ! env "$@"; then
		failed=$((failed + 1))
	fi
}

run CRASH_KILLS="${CRASH_KILLS:-200}" "$t/test_crash"
run OVERLOAD_SECONDS="${OVERLOAD_SECONDS:-60}" OVERLOAD_CONNS=1000 \
	"$t/test_overload"
run "$t/test_backup"
run "$t/test_hostile"
run "$t/test_hostile_auth"
run "$t/test_access_matrix"

echo "== synchronous: NORMAL vs FULL (3000 one-row transactions, WAL)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for mode in NORMAL FULL; do
	sqlite3 "$tmp/s-$mode.db" "PRAGMA journal_mode=WAL; CREATE TABLE t(x);" \
		>/dev/null
	{
		echo "PRAGMA synchronous=$mode;"
		for _ in $(seq 3000); do
			echo "BEGIN IMMEDIATE; INSERT INTO t VALUES (randomblob(300)); COMMIT;"
		done
	} >"$tmp/s.sql"
	start=$(date +%s.%N)
	sqlite3 "$tmp/s-$mode.db" <"$tmp/s.sql"
	end=$(date +%s.%N)
	awk -v m="$mode" -v s="$start" -v e="$end" \
		'BEGIN { printf "%s: %d commits/s\n", m, 3000 / (e - s) }'
done
echo "$((failed == 0 ? 1 : 0)) passed, $failed failed"
[ "$failed" -eq 0 ]
