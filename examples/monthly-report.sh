#!/bin/sh
# Writes last month's ticket export, event log and compliance report into a
# folder, for the monthly service review. Run it early on the 1st, e.g.:
#
#   30 6 1 * * SLACLOCK_DB=/var/lib/slaclock/tickets.db /usr/local/share/slaclock/monthly-report.sh /srv/reports
#
# Usage: monthly-report.sh [FOLDER]   (default: the current folder)
# Settings, all optional, from the environment:
#   SLACLOCK_DB  the ticket log      (default /var/lib/slaclock/tickets.db)
#   SLACLOCK     the slaclock binary (default: slaclock on PATH)
#   MONTH        the month to report as YYYY-MM (default: last month, local time)
#
# Files written (each complete or not at all):
#   tickets-YYYY-MM.csv  one row per ticket opened in the month, judged as of
#                        the month's end, as the report judges them
#   events-YYYY-MM.csv   the raw events of those tickets recorded by the
#                        month's end: the events the tickets were judged on
#   report-YYYY-MM.csv   the compliance figures, by severity, kind and customer
#   report-YYYY-MM.txt   the same as a table for people

set -eu

out=${1:-.}
db=${SLACLOCK_DB:-/var/lib/slaclock/tickets.db}
slaclock=${SLACLOCK:-slaclock}

bad_month() {
    echo "monthly-report: MONTH must look like 2026-10" >&2
    exit 2
}
if [ -n "${MONTH:-}" ]; then
    # Four digits, a dash, two: "10" or "2026-1" would name another month.
    case $MONTH in
        [1-9][0-9][0-9][0-9]-[0-9][0-9]) ;;
        *) bad_month ;;
    esac
    year=${MONTH%-*}
    month=${MONTH#*-}
else
    year=$(date +%Y)
    month=$(date +%m)
    month=${month#0}
    if [ "$month" -eq 1 ]; then
        year=$((year - 1))
        month=12
    else
        month=$((month - 1))
    fi
fi
month=${month#0}
case $year$month in
    '' | *[!0-9]*) bad_month ;;
esac
if [ "$month" -lt 1 ] || [ "$month" -gt 12 ]; then
    bad_month
fi
if [ "$month" -eq 12 ]; then
    next_year=$((year + 1))
    next_month=1
else
    next_year=$year
    next_month=$((month + 1))
fi
name=$(printf '%04d-%02d' "$year" "$month")
since=$(printf '%04d-%02d-01' "$year" "$month")
until=$(printf '%04d-%02d-01' "$next_year" "$next_month")

mkdir -p "$out"
run() { "$slaclock" --db "$db" "$@"; }

# export writes its file atomically itself; the reports go through a
# temporary file so that a failed run never leaves half a report behind.
# The export is judged as of the month's end (local midnight on the 1st),
# from what the log held then, so its rows agree with the report; the
# events are those the log held then, so they agree with both.
run export --since "$since" --until "$until" --as-of "$until 00:00" -o "$out/tickets-$name.csv"
run export --events --since "$since" --until "$until" --as-of "$until 00:00" -o "$out/events-$name.csv"
for format in csv txt; do
    dest="$out/report-$name.$format"
    tmp="$out/.report-$name.$format.$$"
    trap 'rm -f "$tmp"' EXIT
    if [ "$format" = txt ]; then
        run --color never report --since "$since" --until "$until" --by customer >"$tmp"
    else
        run report --since "$since" --until "$until" --by customer --format csv >"$tmp"
    fi
    mv "$tmp" "$dest"
done
trap - EXIT
echo "wrote $out/tickets-$name.csv, events-$name.csv, report-$name.csv and report-$name.txt"
