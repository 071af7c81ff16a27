#!/bin/sh
# The front end's source, checked before any browser starts: every
# JavaScript module under static/ parses (node --check), and every
# stylesheet's braces balance outside comments and strings (a rule left
# open swallows every rule after it, and no browser reports it).  Prints
# what is wrong and exits 1; needs node, which the browser tests install.
set -u
cd "$(dirname "$0")/.."

bad=0
if ! command -v node >/dev/null; then
	echo "static: node is missing (scripts/deps.sh test installs it)"
	exit 1
fi
for f in $(find static -name '*.js' | sort); do
	if ! out=$(node --check "$f" 2>&1); then
		echo "$f: does not parse"
		echo "$out" | head -5
		bad=$((bad + 1))
	fi
done
for f in $(find static -name '*.css' | sort); do
	if ! node -e '
		const s = require("fs").readFileSync(process.argv[1], "utf8")
		    .replace(/\/\*[\s\S]*?\*\//g, "")
		    .replace(/"(?:[^"\\\n]|\\.)*"|'"'"'(?:[^'"'"'\\\n]|\\.)*'"'"'/g, "\"\"");
		let depth = 0, line = 1;
		for (const c of s) {
			if (c === "\n") line++;
			if (c === "{") depth++;
			if (c === "}" && --depth < 0) { console.log(`line ${line}: } without {`); process.exit(1); }
		}
		if (depth) { console.log(`${depth} rule(s) left open`); process.exit(1); }
	' "$f"; then
		echo "$f: unbalanced braces"
		bad=$((bad + 1))
	fi
done
if [ "$bad" -gt 0 ]; then
	echo "static: $bad problem(s)"
	exit 1
fi
echo "static: every module parses, every stylesheet's braces balance"
