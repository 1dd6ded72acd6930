#!/usr/bin/env bash
# One event's way through the outbox (insert, number, claim, mark: OutboxStore's statements, each committed on its own; the mark
# simplified to "the leased rows", where the dispatcher names their ids),
# 4,000 times with pgbench on one connection over 20,000 sent rows, under the outbox's indexes until 2026-12-03 and now, PAIRS (3)
# times each in turn. A PostgreSQL of its own in a temporary folder (the server refuses root: it runs as postgres); stopped at the end.
# docs/benchmarks.md, fifteenth session, has the figures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/outbox-rows.XXXX)
chown postgres "$dir"
cp "$here"/*.sql "$dir"/ && chmod a+r "$dir"/*.sql
as_postgres() { (cd /tmp && runuser -u postgres -- "$@"); }
as_postgres "$bin/initdb" -D "$dir/data" -A trust >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_postgres "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=''" -l "$dir/log" -w start >/dev/null
# CPU ticks (10 ms) of the server and its processes, with the children it has reaped (pgbench's connection ends with each run).
postgres_ticks() {
  local server total=0 p
  server=$(head -1 "$dir/data/postmaster.pid")
  for p in "$server" $(pgrep -P "$server"); do
    total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
trap 'as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
pairs=${PAIRS:-3}
for indexes in $(for _ in $(seq "$pairs"); do echo indexes-until-2026-12-03 indexes-now; done); do
  as_postgres "$bin/psql" -q -h "$dir" -p "$port" -d postgres -f "$dir/schema.sql" -f "$dir/$indexes.sql" -f "$dir/fill.sql" 2>&1 | grep -v NOTICE || true
  echo "== $indexes (ms per event, then per statement)"
  before=$(postgres_ticks)
  as_postgres "$bin/pgbench" -h "$dir" -p "$port" -n -t 4000 -c 1 -r -f "$dir/one-event.sql" postgres 2>&1 \
    | grep -E '^ +[0-9.]+ +[0-9]+ +[A-Z]|latency average' | awk '{print "  " $1, $3, $4, $5}'
  awk -v ticks=$(($(postgres_ticks) - before)) 'BEGIN { printf "  PostgreSQL'"'"'s CPU (every process of the server): %.3f ms per event\n", ticks * 10 / 4000 }'
  as_postgres "$bin/psql" -At -h "$dir" -p "$port" -d postgres -c \
    "SELECT 'updates ' || n_tup_upd || ', heap-only ' || n_tup_hot_upd || ', indexes ' || pg_size_pretty(pg_indexes_size('o.t')) FROM pg_stat_user_tables WHERE relname = 't'"
done
