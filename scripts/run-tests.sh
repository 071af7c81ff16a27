#!/bin/sh
# Runs each test program given, counting cmocka's test cases (its summary
# goes to stderr, which we keep visible), and ends with one line
# "N passed, N failed".  A program that dies without a summary counts as one
# failure.  Fuzz replay programs (tests/fuzz) and source checks (*.sh)
# count as one test each.
set -u
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$@"; do
	echo "== $t"
	case "$t" in
	e2e)
		# Browser tests: their runner ends with "N passed, N failed".
		./scripts/e2e.sh >"$log" 2>&1
		rc=$?
		cat "$log"
		p=$(tail -n 1 "$log" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
		f=$(tail -n 1 "$log" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
		if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
			failed=$((failed + 1))
		fi
		continue
		;;
	*.sh)
		# A check of the source tree (e.g. the layers): one test each.
		if "$t" >"$log" 2>&1; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
		cat "$log"
		continue
		;;
	*/tests/fuzz/*)
		name=$(basename "$t")
		corpus="tests/fuzz/corpus/${name#fuzz_}"
		if "$t" "$corpus" >"$log" 2>&1; then
			passed=$((passed + 1))
		else
			cat "$log"
			failed=$((failed + 1))
		fi
		continue
		;;
	esac
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		failed=$((failed + 1))
	elif grep -q '\[  FAILED  \] GROUP \(SETUP\|TEARDOWN\)' "$log"; then
		# cmocka exits 0 when only a group set-up or teardown failed,
		# and teardown is where a server's crash or leak shows.
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
