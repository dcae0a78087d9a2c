#!/usr/bin/env bash
# Import benchmark: N residents (default 10000) into the demo community 370102-003-001, first as
# new rows, then again (every row unchanged), on SQLite and, when reachable, PostgreSQL. Prints
# wall time and peak memory (/usr/bin/time). Usage: bench/import/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-10000}"
cargo build --release -q
BIN="${CARGO_TARGET_DIR:-target}/release/quanke"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 bench/import/gen.py "$N" > "$tmp/residents.csv"
run() {
  local db="$1" label="$2"
  QUANKE_DEMO_PASSWORD=bench-password-2026 "$BIN" demo seed --db "$db" --data-dir "$tmp/data" >/dev/null
  for pass in first again; do
    /usr/bin/time -f "$label $pass: %e s, peak %M KiB" \
      "$BIN" import residents "$tmp/residents.csv" --community 370102-003-001 --db "$db" --data-dir "$tmp/data" 2>&1 >/dev/null \
      | grep -v '^…'
  done
  "$BIN" import residents "$tmp/residents.csv" --community 370102-003-001 --db "$db" --data-dir "$tmp/data" 2>/dev/null | tail -n 1
}
run "sqlite://$tmp/bench.db" "sqlite $N"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  name="quanke_bench_$$"
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $name" >/dev/null
  run "postgres://postgres@127.0.0.1:5432/$name" "postgres $N"
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE $name" >/dev/null
fi
