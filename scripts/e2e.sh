#!/bin/bash
# Browser tests (tests/e2e): installs what is missing — Debian's chromium
# (apt-get, with sudo when not root) and playwright-core (npm ci, from the
# committed package-lock.json) — then runs node's test runner against the
# confab binary in $CONFAB_BIN (default build/asan/confab).  Ends with one
# line "N passed, N failed" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."

: "${CONFAB_BIN:=build/asan/confab}"
export CONFAB_BIN
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

fail() {
	echo "e2e: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

if [ ! -x "$CHROMIUM" ]; then
	echo "installing Debian's chromium"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq &&
	    $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji >/dev/null ||
	    fail "could not install chromium"
fi
command -v node >/dev/null || fail "node is not installed (Node.js 20 or newer is needed)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "node $(node --version) is too old (20 or newer is needed)"
if [ ! -f node_modules/playwright-core/package.json ]; then
	echo "installing playwright-core (npm ci)"
	npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed"
fi
[ -x "$CONFAB_BIN" ] || fail "no confab binary at $CONFAB_BIN (make asan, or set CONFAB_BIN)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Every wait inside the tests is bounded; this is the backstop.
timeout 600 node --test --test-reporter=tap tests/e2e/ 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$log" | tail -n 1)
pass=${pass:-0}
failed=$(( ${failed:-0} + ${cancelled:-0} ))
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1	# the runner itself failed (timeout, crash)
fi
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$pass" -gt 0 ]
