#!/usr/bin/env bash
# Whole-command benchmarks at a large provider's scale (BENCHMARKS.md).
#
# Builds logs of 100,000 and 1,000,000 tickets with 10,000 open, then times
# slaclock and the sqlite3 shell side by side in the same run: several
# repetitions each, medians, and peak memory from /usr/bin/time -v.
# Needs: the Rust toolchain, sqlite3, GNU time (/usr/bin/time); perf if
# present gives steadier figures for the millisecond commands.
#
#   scripts/bench.sh [WORKDIR]     (default: /tmp/slaclock-bench; ~2 GB)
#   WRITES_ONLY=1 scripts/bench.sh (only the write commands and their yardstick)
#   WATCH_ONLY=1 scripts/bench.sh  (only the CPU `watch` uses, idle and busy;
#                                   needs tmux for its pseudo-terminal)
#   REPORT_ONLY=1 scripts/bench.sh (only report --months and --policy)
#   SLACLOCK_BENCH_POSTGRES=postgres://user@host:port/postgres scripts/bench.sh
#                                  (adds PostgreSQL: migrate both ways against
#                                   sqlite3 -csv + psql \copy, writes, status
#                                   and check against SQLite on the same log;
#                                   makes a fresh database and drops it after;
#                                   needs psql, PSQL=... if not on the PATH)
#   POSTGRES_ONLY=1 (with the above: only the PostgreSQL measurements, on the
#                    log of 100,000 tickets)
#   SLACLOCK_BENCH_POOLER=postgres://user@host:6432 (with the above: status,
#                    check and the writes again through a connection pooler,
#                    PgBouncer in session mode, in front of the same server;
#                    its [databases] needs a `*` entry, as the bench makes
#                    a database of its own)
#   READS_ONLY=1 scripts/bench.sh  (only the read side of issue 18: status,
#                                   check, export and status --as-of against
#                                   their sqlite3 yardsticks, paired)
#   PIN=0 scripts/bench.sh         (issue 18's pairs run under taskset -c 0,
#                                   slaclock and its yardstick alike)
#
# Writes are durable (slaclock commits with synchronous=FULL in WAL mode), so
# the sqlite3 yardstick runs the same insert with the same pragmas: each
# commit waits for an fsync of the WAL before the command returns.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/slaclock-bench}
reps=${REPS:-7}
mkdir -p "$work"

for tool in sqlite3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (apt-get install sqlite3 time)" >&2; exit 1; }
done

cargo build --release --quiet
cargo build --release --quiet --example generate
# SLACLOCK_BENCH_BIN: another build to time (the one before a change, say).
bin=${SLACLOCK_BENCH_BIN:-$PWD/target/release/slaclock}
gen=$PWD/target/release/examples/generate

for n in 100000 1000000; do
  [ -n "${POSTGRES_ONLY:-}" ] && [ "$n" = 1000000 ] && continue
  if [ ! -f "$work/log-$n.db" ]; then
    /usr/bin/time -f "generate $n tickets: %e s, %M KB peak" "$gen" --tickets "$n" --open 10000 "$work/log-$n.db"
    # Apply the current migrations once, outside the measurements.
    SLACLOCK_DB="$work/log-$n.db" "$bin" status --format json >/dev/null
  fi
done
# Issue 18: the same million tickets with 100,000 of them open.
if [ ! -f "$work/log-1000000-open100000.db" ]; then
  /usr/bin/time -f "generate 1000000 tickets, 100000 open: %e s, %M KB peak" \
    "$gen" --tickets 1000000 --open 100000 "$work/log-1000000-open100000.db"
  SLACLOCK_DB="$work/log-1000000-open100000.db" "$bin" status --format json >/dev/null
fi

export TZ=Australia/Brisbane
unset RUST_BACKTRACE SLACLOCK_NOW

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

# run LABEL CMD...: REPS runs; prints "LABEL  median-seconds  peak-KB"
run() {
  local label=$1; shift
  local times=() peak=0
  for _ in $(seq "$reps"); do
    local out
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>/dev/null || true
    out=$(tail -1 "$work/time.txt")
    times+=("${out% *}")
    local kb=${out#* }
    (( kb > peak )) && peak=$kb
  done
  printf '%-52s %8s s %9s KB\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$peak"
}

# fast LABEL CMD...: millisecond commands, timed by perf stat when present
fast() {
  local label=$1; shift
  if command -v perf >/dev/null && perf stat -r 3 true 2>/dev/null >/dev/null; then
    local s
    # (`check` exits 2 when tickets need attention: not a failure here.)
    s=$(perf stat -r 30 "$@" 2>&1 >/dev/null | awk '/seconds time elapsed/ {print $1}') || true
    printf '%-52s %8.4f s   (mean of 30, perf stat)\n' "$label" "$s"
  else
    run "$label" "$@"
  fi
}

# watch_cpu LABEL SECONDS [WRITER...]: the CPU time `slaclock watch` takes on
# $SLACLOCK_DB over SECONDS, counted from /proc/PID/stat (user + system)
# once its first read of the board is done, in a tmux pseudo-terminal of
# 200x50; with WRITER, that command runs once a second meanwhile.
watch_cpu() {
  local label=$1 secs=$2; shift 2
  local session=slaclock-bench-watch-$$ pid="" writer=""
  tmux new-session -d -s "$session" -x 200 -y 50 "SLACLOCK_DB='$SLACLOCK_DB' TZ=$TZ '$bin' watch"
  for _ in $(seq 100); do
    pid=$(pgrep -n -f "^$bin watch\$" || true)
    [ -n "$pid" ] && break
    sleep 0.1
  done
  sleep 5
  if [ $# -gt 0 ]; then
    ( while :; do "$@" >/dev/null 2>&1; sleep 1; done ) &
    writer=$!
  fi
  local tick start end rss
  tick=$(getconf CLK_TCK)
  start=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep "$secs"
  end=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  [ -n "$writer" ] && kill "$writer"
  tmux kill-session -t "$session"
  sleep 1   # the tmux server ends with its last session; let it
  awk -v s="$start" -v e="$end" -v t="$tick" -v n="$secs" -v l="$label" -v r="$rss" 'BEGIN {
    printf "%-52s %6.2f %% of one core (%.2f s CPU in %d s), %d KB peak\n", l, 100 * (e - s) / t / n, (e - s) / t, n, r }'
}

# --- Issue 18, the read side: slaclock and its sqlite3 yardstick in pairs.

# pin CMD...: CMD, under taskset -c $PIN when PIN is set.
pin() {
  if [ -n "${PIN:-}" ]; then taskset -c "$PIN" "$@"; else "$@"; fi
}

# stats: "median min max" of the numbers on stdin.
stats() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f %.3f %.3f\n", m, a[1], a[NR]}'; }

# pair LABEL YARDSTICK-LABEL 'SLACLOCK-COMMAND' 'YARDSTICK-COMMAND': REPS
# rounds, each running slaclock and then its yardstick (`sh -c`, which
# execs a simple command, so each is measured as itself), pinned with PIN.
# Prints each side's wall time (median, min-max), CPU time (user + system,
# median) and peak memory, then the ratio of the medians and the median
# and range of the ratios within each round.
pair() {
  local label=$1 ylabel=$2 cmd=$3 ycmd=$4 r
  local walls=() cpus=() ywalls=() ycpus=() ratios=() peak=0 ypeak=0
  for r in $(seq "$reps"); do
    local wall u s kb ywall
    pin /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" sh -c "$cmd" >/dev/null 2>&1 || true
    read -r wall u s kb < <(tail -1 "$work/time.txt")
    walls+=("$wall"); cpus+=("$(echo "$u + $s" | bc)"); (( kb > peak )) && peak=$kb
    pin /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" sh -c "$ycmd" >/dev/null 2>&1 || true
    read -r ywall u s kb < <(tail -1 "$work/time.txt")
    ywalls+=("$ywall"); ycpus+=("$(echo "$u + $s" | bc)"); (( kb > ypeak )) && ypeak=$kb
    ratios+=("$(echo "scale=3; $wall / ($ywall + 0.0001)" | bc)")
  done
  local w c yw yc q
  read -r w wmin wmax < <(printf '%s\n' "${walls[@]}" | stats)
  read -r c _ _ < <(printf '%s\n' "${cpus[@]}" | stats)
  read -r yw ywmin ywmax < <(printf '%s\n' "${ywalls[@]}" | stats)
  read -r yc _ _ < <(printf '%s\n' "${ycpus[@]}" | stats)
  read -r q qmin qmax < <(printf '%s\n' "${ratios[@]}" | stats)
  printf '%-44s %7s s (%s-%s) cpu %6s s %8s KB\n' "$label" "$w" "$wmin" "$wmax" "$c" "$peak"
  printf '%-44s %7s s (%s-%s) cpu %6s s %8s KB\n' "  $ylabel" "$yw" "$ywmin" "$ywmax" "$yc" "$ypeak"
  printf '%-44s %7.2fx of medians; paired %.2fx (%.2f-%.2f); cpu %.2fx\n' "  ratio" \
    "$(echo "$w / ($yw + 0.0001)" | bc -l)" "$q" "$qmin" "$qmax" "$(echo "$c / ($yc + 0.0001)" | bc -l)"
}

# The rows `status` and `check` read, as slaclock's SQLite store asks for
# them (sqlite/queries.rs: the open tickets, then their events from the
# covering index), for the shell to print.
open_rows_sql() {
  cat <<'SQL'
SELECT t.id, t.kind, t.severity, t.title, t.customer, t.service, t.reported_at, t.opened_at, t.policy_version, t.state, t.current_severity, t.escalation_level, t.last_event_at, t.resolved_at, t.external_ref, t.owner, t.contract FROM tickets t WHERE t.state <> 'resolved' ORDER BY t.id;
SELECT e.id, e.ticket_id, e.at, e.kind, e.severity, e.level, e.next_update, e.policy_version, e.owner, e.field, e.voids, e.contract FROM tickets t CROSS JOIN events e ON e.ticket_id = t.id WHERE t.state <> 'resolved' ORDER BY t.id, e.at, e.id;
SQL
}

# What `export` must read, read by SQLite alone: every column of every
# ticket, and the clock columns of every event from the covering index in
# ticket order (sqlite/queries.rs), each summed so SQLite fetches it.
floor_sql() {
  cat <<'SQL'
SELECT sum(t.id + length(t.kind) + coalesce(t.severity, 0) + length(t.title) + coalesce(length(t.customer), 0) + coalesce(length(t.service), 0) + t.reported_at + t.opened_at + t.policy_version + length(t.state) + coalesce(t.current_severity, 0) + t.escalation_level + t.last_event_at + coalesce(t.resolved_at, 0) + coalesce(length(t.external_ref), 0) + coalesce(length(t.owner), 0) + coalesce(length(t.contract), 0)) FROM tickets t;
SELECT sum(e.id + e.ticket_id + e.at + length(e.kind) + coalesce(e.severity, 0) + coalesce(e.level, 0) + coalesce(e.next_update, 0) + coalesce(e.policy_version, 0) + coalesce(length(e.owner), 0) + coalesce(length(e.field), 0) + coalesce(e.voids, 0) + coalesce(length(e.contract), 0)) FROM events e INDEXED BY events_by_ticket;
SQL
}

reads_issue18() {
  command -v bc >/dev/null || { echo "the read benchmarks need bc (apt-get install bc)" >&2; exit 1; }
  open_rows_sql >"$work/open-rows.sql"
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "--- issue 18, the read side: $reps rounds of pairs${PIN:+, pinned to core $PIN}; load average $load"
  local db
  for db in log-1000000.db log-1000000-open100000.db; do
    local open
    open=$(sqlite3 -readonly "$work/$db" "SELECT count(*) FROM tickets WHERE state <> 'resolved'")
    echo "- $db: $open open"
    pair "status (the board, table)" "sqlite3 shell printing the same rows" \
      "SLACLOCK_DB=$work/$db $bin status" "sqlite3 -readonly $work/$db <$work/open-rows.sql"
    pair "check" "sqlite3 shell printing the same rows" \
      "SLACLOCK_DB=$work/$db $bin check" "sqlite3 -readonly $work/$db <$work/open-rows.sql"
  done
  echo "- export of all 1,000,000 tickets with every SLA figure (CSV)"
  pair "export" "sqlite3 -csv: SELECT * FROM tickets" \
    "SLACLOCK_DB=$work/log-1000000.db $bin export" \
    "sqlite3 -readonly -csv $work/log-1000000.db 'SELECT * FROM tickets'"
  # The yardstick above reads the tickets only; an export also reads every
  # event the clocks need (8M on this log). About the floor: SQLite reading
  # the tickets' columns and the events' clock columns, as export asks for
  # them, summed inside SQLite so that nothing is printed.
  floor_sql >"$work/export-floor.sql"
  # Once untimed: `pair` times a failing command as a fast one.
  sqlite3 -readonly "$work/log-1000000.db" <"$work/export-floor.sql" >/dev/null
  pair "export" "sqlite3: export's reads, summed" \
    "SLACLOCK_DB=$work/log-1000000.db $bin export" \
    "sqlite3 -readonly $work/log-1000000.db <$work/export-floor.sql"
  # A past board costs what it selects: the same instant on logs of 100,000
  # and 1,000,000 tickets (the open ones the newest; resolved ones 10x as
  # dense on the larger log), against the shell counting what is selected.
  echo "- status --as-of: the board as it stood then"
  local at n
  for at in 2026-11-23T12:00:00Z 2026-10-01T00:00:00Z; do
    for db in log-100000.db log-1000000.db; do
      n=$(sqlite3 -readonly "$work/$db" "SELECT count(*) FROM tickets WHERE reported_at <= strftime('%s', '$at') AND (state <> 'resolved' OR last_event_at > strftime('%s', '$at'))")
      pair "status --as-of $at, $db ($n selected)" "sqlite3 shell: those tickets' events" \
        "SLACLOCK_DB=$work/$db $bin status --as-of $at" \
        "sqlite3 -readonly $work/$db \"SELECT e.* FROM tickets t CROSS JOIN events e ON e.ticket_id = t.id WHERE t.reported_at <= strftime('%s', '$at') AND t.id IN (SELECT id FROM tickets WHERE state <> 'resolved' UNION ALL SELECT id FROM tickets WHERE last_event_at > strftime('%s', '$at')) ORDER BY t.id, e.at, e.id\""
    done
  done
}

echo
echo "slaclock benchmarks: $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

if [ -n "${READS_ONLY:-}" ]; then
  reads_issue18
  exit 0
fi

if [ -n "${WATCH_ONLY:-}" ]; then
  command -v tmux >/dev/null || { echo "the watch measurement needs tmux (apt-get install tmux)" >&2; exit 1; }
  export SLACLOCK_DB="$work/log-1000000.db"
  id=$("$bin" status | awk 'NR == 3 {print $1}')   # the board's first ticket
  echo "--- watch on the log of 1,000,000 tickets, 10,000 open"
  watch_cpu "watch, idle (nothing written), 60 s" 60
  watch_cpu "watch, a note written every second, 60 s" 60 "$bin" note "$id" "bench"
  exit 0
fi
# The trend and what if (issue 19): report --months 12 on the log of
# 1,000,000 tickets (about 27,000 a month), alone and with a proposal that
# judges every ticket a second time; one month for scale.
trend_block() {
  local proposal="$work/proposed.toml"
  sed -e 's/restore = "24h"/restore = "4h"/' severity.toml >"$proposal"
  export SLACLOCK_DB="$work/log-1000000.db"
  echo "--- report --months and --policy on the log of 1,000,000 tickets"
  run "report (one month)" "$bin" report --since 2026-10-01 --until 2026-11-01
  run "report --months 12" "$bin" report --months 12
  run "report --months 12 --policy (4h severity 2 restore)" "$bin" report --months 12 --policy "$proposal"
  run "report --policy (one month)" "$bin" report --since 2026-10-01 --until 2026-11-01 --policy "$proposal"
}
if [ -n "${REPORT_ONLY:-}" ]; then
  printf '%-52s %10s %12s\n' "measurement" "median" "peak memory"
  trend_block
  exit 0
fi

# --- PostgreSQL (issue 18), only with SLACLOCK_BENCH_POSTGRES set ------------
# pg_bench: the log of 100,000 tickets copied into a fresh database on that
# server, timed against the SQLite file it came from, and `migrate` both
# ways against the floor of the same rows through the shells: sqlite3 -csv
# piped into psql \copy. The database is dropped at the end.
pg_bench() {
  local server=$SLACLOCK_BENCH_POSTGRES
  local psql=${PSQL:-$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)}
  local base=${server%/*} name=slaclock_bench_$$
  local url=$base/$name lite=$work/log-100000.db
  local tables=(policy_versions tickets events notices)
  local -A cols=(
    [policy_versions]="id, hash, text, first_seen"
    [tickets]="id, kind, severity, title, customer, service, reported_at, opened_at, policy_version, state, current_severity, escalation_level, last_event_at, resolved_at, external_ref, owner, contract"
    [events]="id, ticket_id, at, recorded_at, \"by\", kind, severity, level, next_update, reason, text, policy_version, owner, field, voids, old_value, new_value, contract, db_user"
    [notices]="id, ticket_id, concern, clock, occurrence, sent_at, channel, summary"
  )
  fresh() { "$psql" -q "$server" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null 2>&1; }
  # timed LABEL SETUP CMD...: REPS runs of CMD, each after SETUP (untimed)
  timed() {
    local label=$1 setup=$2; shift 2
    local times=() peak=0 out kb
    for _ in $(seq "$reps"); do
      eval "$setup"
      /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>/dev/null || true
      out=$(tail -1 "$work/time.txt"); times+=("${out% *}"); kb=${out#* }
      (( kb > peak )) && peak=$kb
    done
    printf '%-52s %8s s %9s KB\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$peak"
  }
  # The floor: each table out of SQLite as CSV, into PostgreSQL by \copy.
  local floor=""
  for t in "${tables[@]}"; do
    floor+="sqlite3 -csv '$lite' 'SELECT ${cols[$t]} FROM $t' | '$psql' -q '$base/${name}_copy' -c '\\copy $t (${cols[$t]}) FROM STDIN CSV' && "
  done
  floor+="true"
  echo "--- PostgreSQL on $(echo "${base#*://}" | sed 's/^[^@]*@//'): the log of 100,000 tickets"
  fresh "$name"
  "$bin" migrate --from "$lite" --to "$url" >/dev/null
  "$psql" -q "$url" -c "VACUUM ANALYZE" >/dev/null
  "$(dirname "$psql")/pg_dump" --schema-only "$url" > "$work/pg-schema.sql"
  local schema="fresh ${name}_copy; '$psql' -q '$base/${name}_copy' -f '$work/pg-schema.sql' >/dev/null 2>&1"
  timed "migrate SQLite -> PostgreSQL" "fresh ${name}_copy" \
    "$bin" migrate --from "$lite" --to "$base/${name}_copy"
  timed "migrate PostgreSQL -> SQLite" "rm -f '$work/pg-back.db'" \
    "$bin" migrate --from "$url" --to "$work/pg-back.db"
  timed "sqlite3 -csv | psql \\copy (the same rows)" "$schema" sh -c "$floor"
  "$psql" -q "$server" -c "DROP DATABASE IF EXISTS ${name}_copy" >/dev/null
  # Through a pooler too, when SLACLOCK_BENCH_POOLER names one in front of
  # the same server (PgBouncer in session mode, say: postgres://user@host:6432).
  local pooled=""
  [ -n "${SLACLOCK_BENCH_POOLER:-}" ] && pooled=$SLACLOCK_BENCH_POOLER/$name
  for store in "$lite" "$url" ${pooled:+"$pooled"}; do
    local which=SQLite
    [ "$store" = "$url" ] && which=PostgreSQL
    [ "$store" = "$pooled" ] && which="PostgreSQL, pooled"
    export SLACLOCK_DB=$store
    # Tens of milliseconds: timed as the writes are, by perf stat when
    # present (GNU time's 10 ms steps cannot tell 1.3x at this size).
    fast "$which: status (10,000 open)" "$bin" status
    fast "$which: check" "$bin" check
    fast "$which: status --as-of 2026-06-01 09:00" "$bin" status --as-of "2026-06-01 09:00"
    local id
    id=$("$bin" open --quiet --severity 2 "bench target")
    fast "$which: open" "$bin" open --severity 2 "bench ticket"
    fast "$which: update" "$bin" update "$id" --message "bench"
    fast "$which: note" "$bin" note "$id" "bench"
  done
  "$psql" -q "$server" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
}

if [ -n "${SLACLOCK_BENCH_POSTGRES:-}" ]; then
  printf '%-52s %10s %12s\n' "measurement" "median" "peak memory"
  pg_bench
  [ -n "${POSTGRES_ONLY:-}" ] && exit 0
fi

printf '%-52s %10s %12s\n' "measurement" "median" "peak memory"
for n in 100000 1000000; do
  [ -n "${WRITES_ONLY:-}" ] && break
  db="$work/log-$n.db"
  export SLACLOCK_DB=$db
  echo "--- log of $n tickets, 10,000 open"
  run "status (the open board, table)" "$bin" status
  run "status --format json" "$bin" status --format json
  run "check" "$bin" check
  run "report (one month)" "$bin" report --since 2026-10-01 --until 2026-11-01
done

db="$work/log-1000000.db"
export SLACLOCK_DB=$db
echo "--- writes on the log of 1,000,000 tickets"
id=$("$bin" open --quiet --severity 2 "bench target")
fast "slaclock open" "$bin" open --severity 2 "bench ticket"
fast "slaclock update" "$bin" update "$id" --message "bench"
fast "slaclock note" "$bin" note "$id" "bench"
# The same durable insert: slaclock's pragmas (busy timeout, foreign keys,
# synchronous=FULL; the file is already in WAL mode), one transaction.
fast "sqlite3 shell: the same durable insert into events" sqlite3 "$db" \
  "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;" \
  "INSERT INTO events(ticket_id, at, recorded_at, \"by\", kind, text) VALUES ($id, strftime('%s','now'), strftime('%s','now'), 'bench', 'note', 'bench')"
"$bin" wait "$id" >/dev/null
fast "slaclock resume + wait (two commands)" sh -c "'$bin' resume $id >/dev/null && '$bin' wait $id >/dev/null"

[ -n "${WRITES_ONLY:-}" ] && exit 0

echo "--- export of all 1,000,000 tickets with every SLA figure"
run "slaclock export (CSV to /dev/null)" "$bin" export
run "sqlite3 -csv: SELECT * FROM tickets" sqlite3 -csv "$db" "SELECT * FROM tickets"

trend_block

reads_issue18
