#!/usr/bin/env bash
# make bench: measures confab against nginx serving the same bytes, the
# rate of acknowledged posts, and memory.  Bounded: each load runs
# BENCH_SECONDS (default 10) seconds.  Everything binds to 127.0.0.1 and
# everything started here is stopped here, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}

need=""
command -v wrk >/dev/null || need="$need wrk"
command -v nginx >/dev/null || need="$need nginx-light"
if [ -n "$need" ]; then
	sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need
fi

dir=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

export CONFAB_RATE_LIMIT_CREATE_POST=0 CONFAB_RATE_LIMIT_CREATE_TOPIC=0
./confab serve --listen 127.0.0.1:0 --db "$dir/bench.db" --threads 2 \
	>"$dir/out" 2>"$dir/err" &
pids+=($!)
confab_pid=$!
for _ in $(seq 100); do grep -q listening "$dir/out" && break; sleep 0.1; done
port=$(sed -n 's/listening on 127.0.0.1://p' "$dir/out")
base="http://127.0.0.1:$port"

CONFAB_PASSWORD='bench password' ./confab admin create-user --db "$dir/bench.db" \
	--username bench --email bench@example.org --admin >/dev/null
key=$(./confab admin api-key --db "$dir/bench.db" --username bench)
auth=(-H "Api-Key: $key" -H "Api-Username: bench")
curl -sf "${auth[@]}" "$base/posts.json" \
	-d title='A benchmark session with a long enough title' \
	-d raw='The abstract of the session, with **Markdown** and a link https://example.org/slides.pdf' \
	>/dev/null
for i in $(seq 2 20); do
	curl -sf "${auth[@]}" "$base/posts.json" -d topic_id=1 \
		-d raw="Reply number $i with a question for the presenter :tv:" >/dev/null
done
curl -sf "$base/t/1.json" >"$dir/topic.json"
bytes=$(wc -c <"$dir/topic.json")

# nginx serving the same bytes at the same path.
mkdir -p "$dir/www/t" "$dir/nginx"
cp "$dir/topic.json" "$dir/www/t/1.json"
nport=$((port + 1))
cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx/error.log;
daemon off;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $dir/nginx; proxy_temp_path $dir/nginx;
	fastcgi_temp_path $dir/nginx; uwsgi_temp_path $dir/nginx; scgi_temp_path $dir/nginx;
	server {
		listen 127.0.0.1:$nport;
		root $dir/www;
		default_type application/json;
	}
}
CONF
nginx -c "$dir/nginx.conf" &
pids+=($!)
sleep 0.5

rps() { wrk -t2 -c"$conns" -d"${secs}s" "$@" | awk '/Requests\/sec/ {print $2}'; }

echo "== anonymous topic read, $bytes bytes, $conns connections, ${secs}s each"
c=$(rps "$base/t/1.json")
n=$(rps "http://127.0.0.1:$nport/t/1.json")
echo "confab  $c req/s"
echo "nginx   $n req/s"
awk -v c="$c" -v n="$n" 'BEGIN { printf "ratio   %.2f (target >= 0.80)\n", c / n }'

echo "== acknowledged replies (one transaction each, synchronous=NORMAL)"
cat >"$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Api-Key"] = "$key"
wrk.headers["Api-Username"] = "bench"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "topic_id=1&raw=A+benchmark+reply+that+is+long+enough+to+pass"
LUA
p=$(wrk -t2 -c8 -d"${secs}s" -s "$dir/post.lua" "$base/posts.json" | awk '/Requests\/sec/ {print $2}')
echo "confab  $p posts/s"

if [ -n "${BENCH_FANOUT:-}" ]; then
	echo "== a reply that notifies 1,000 watchers (in process, at the write path)"
	"$BENCH_FANOUT" "$dir" 1000 20 2>/dev/null
	"$BENCH_FANOUT" "$dir" 1000 20 full 2>/dev/null
fi

echo "== memory"
grep -E 'VmHWM|VmRSS' "/proc/$confab_pid/status"
