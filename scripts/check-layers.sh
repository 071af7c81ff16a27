#!/bin/sh
# The one-way layers of docs/hacking.md, checked on the source text:
#   lib -> db -> core -> server -> cmd
# A file may include headers of its own layer and of the layers below it,
# by bare name only (no "../", no folder: the build's include paths decide).
# SQLite is db/'s alone and libmicrohttpd server/'s alone.  Within server/,
# a handler (h_*) is called by the route table only: what two handlers
# share belongs in core/ or a present_*.c.  The build
# already refuses an upward include (each layer is compiled with the paths
# below it); this check names the offending line, and also catches what
# the compiler cannot see, such as a header found through a relative path.
# Prints one line per violation and exits 1 when there is any.
set -u
cd "$(dirname "$0")/.."

layers="lib db core server cmd"
rank() {
	i=0
	for l in $layers; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo 99
}

# The layer that holds header h, or "gen" for build-generated ones.
owner() {
	for l in $layers; do
		[ -f "$l/$1" ] && { echo "$l"; return; }
	done
	case "$1" in
	migrations.h) echo db ;;
	*) echo unknown ;;
	esac
}

# Violations are counted in a file: the loops run in pipeline subshells.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for l in $layers; do
	me=$(rank "$l")
	for f in "$l"/*.c "$l"/*.h "$l"/*.def; do
		[ -f "$f" ] || continue
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		while IFS= read -r line; do
			n=${line%%:*}
			h=$(printf '%s\n' "$line" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/')
			case "$h" in
			*/*)
				echo "$f:$n: includes \"$h\" by path; include by name"
				echo x >>"$tmp"
				continue ;;
			esac
			o=$(owner "$h")
			if [ "$o" = unknown ]; then
				echo "$f:$n: includes \"$h\", which no layer holds"
				echo x >>"$tmp"
			elif [ "$(rank "$o")" -gt "$me" ]; then
				echo "$f:$n: $l/ includes \"$h\" from $o/, a layer above"
				echo x >>"$tmp"
			fi
		done
		case "$l" in
		db) ;;
		*) if grep -n '#[[:space:]]*include[[:space:]]*<sqlite3.h>' "$f" |
		    sed "s|^|$f:|; s|$| (SQLite belongs to db/)|" | grep .; then
			echo x >>"$tmp"
		fi ;;
		esac
		case "$l" in
		server|cmd) ;;
		*) if grep -n '#[[:space:]]*include[[:space:]]*<microhttpd.h>' "$f" |
		    sed "s|^|$f:|; s|$| (libmicrohttpd belongs to server/)|" | grep .; then
			echo x >>"$tmp"
		fi ;;
		esac
	done
done

# Handlers are called from the route table only.
for f in server/*.c; do
	[ "$f" = server/route.c ] && continue
	if grep -n '[^a-z0-9_]h_[a-z0-9_]*(' "$f" | grep -v '^[0-9]*:h_[a-z0-9_]*(' |
	    sed "s|^|$f:|; s|$| (a handler called outside the route table)|" |
	    grep .; then
		echo x >>"$tmp"
	fi
done

n=$(wc -l <"$tmp")
if [ "$n" -gt 0 ]; then
	echo "layers: $n violation(s)"
	exit 1
fi
echo "layers: every include points down; handlers are called from the route table only"
