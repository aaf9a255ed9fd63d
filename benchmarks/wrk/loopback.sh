#!/bin/sh
# Measures jprefect's Netty server on loopback with wrk: requests per second, latency, and the
# server's CPU time per request (user + system, from /proc; steadier than throughput on a shared
# machine), for GET /api/health and POST /api/flows/filter (a small JSON body), on keep-alive
# connections.
#
# Usage: benchmarks/wrk/loopback.sh [ROOT] [PORT]
#   ROOT  a checkout whose cli is built (mvn -B -q -pl cli -am -DskipTests package); default: this one
#   PORT  loopback port to serve on; default 14200
# Needs wrk (apt-get install -y wrk) and Linux's /proc. Runs each measurement three times, 15 s
# each, after a 5 s warm-up; WRK_THREADS (2) and WRK_CONNECTIONS (32) set the load.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=${1:-$(CDPATH= cd -- "$here/../.." && pwd)}
port=${2:-14200}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-32}
ticks=$(getconf CLK_TCK)

"$root/bin/jprefect" server start --port "$port" >/dev/null 2>&1 &
server=$! # bin/jprefect execs java: this is the server's JVM
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM
i=0
until curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then echo "the server did not start on port $port" >&2; exit 1; fi
  sleep 0.2
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }

# measure NAME WRK_ARGS...: one 15 s run, printed on one line
measure() {
  name=$1
  shift
  before=$(cpu_ticks)
  out=$(wrk -t"$threads" -c"$connections" -d15s --latency "$@")
  after=$(cpu_ticks)
  echo "$out" | awk -v name="$name" -v cpu="$((after - before))" -v hz="$ticks" '
    /requests in/ { requests = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%-24s %10.0f req/s  p50 %-9s p99 %-9s server CPU %6.1f us/request%s\n",
          name, rps, p50, p99, cpu * 1e6 / hz / requests, bad ? "  NON-2XX " bad : "" }'
}

url=http://127.0.0.1:$port/api
wrk -t"$threads" -c"$connections" -d5s "$url/health" >/dev/null
for n in 1 2 3; do
  measure "GET /api/health" "$url/health"
done
for n in 1 2 3; do
  measure "POST /api/flows/filter" -s "$here/post-filter.lua" "$url/flows/filter"
done
