#!/bin/sh
# Runs `slaclock check` from cron: appends its first line, with a timestamp,
# to a log file and exits with check's code (0 OK, 1 WARNING, 2 CRITICAL,
# 3 UNKNOWN), so cron's mail or a wrapper can act on it. CRITICAL means a
# clock is running late now (a breach that has stopped is history and does
# not page), so a wrapper that pages on 2 pages for what someone can act on.
# To be told of each new breach once, rather than every run, use
# `slaclock notify` instead (README, "Plain cron, with notify").
#
# Example crontab line (every five minutes; cron has no HOME, so name the
# ticket log):
#
#   */5 * * * * SLACLOCK_DB=/var/lib/slaclock/tickets.db /usr/local/share/slaclock/cron-check.sh || notify-on-call
#
# Settings, all optional, from the environment:
#   SLACLOCK_DB         the ticket log     (default /var/lib/slaclock/tickets.db)
#   SLACLOCK_CHECK_LOG  where to append    (default /var/log/slaclock/check.log)
#   SLACLOCK            the slaclock binary (default: slaclock on PATH)
#   WARN_AT             percent of a target used before "at risk" (default 75)

set -u

db=${SLACLOCK_DB:-/var/lib/slaclock/tickets.db}
log=${SLACLOCK_CHECK_LOG:-/var/log/slaclock/check.log}
slaclock=${SLACLOCK:-slaclock}
warn_at=${WARN_AT:-75}

# --quiet prints only the first line; errors from the shell or from argument
# parsing go to the same capture so that they reach the log too.
out=$("$slaclock" --db "$db" check --quiet --warn-at "$warn_at" 2>&1)
code=$?
first=$(printf '%s\n' "$out" | head -n 1)

case $code in
    0 | 1 | 2 | 3) ;;
    *)
        # Not a verdict (slaclock missing, killed, or a usage error):
        # report it the way monitoring expects, as UNKNOWN.
        first="UNKNOWN: slaclock check exited with $code: $first"
        code=3
        ;;
esac

mkdir -p "$(dirname "$log")" 2>/dev/null
printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$first" >>"$log" ||
    printf '%s\n' "cron-check: cannot append to $log" >&2
printf '%s\n' "$first"
exit "$code"
