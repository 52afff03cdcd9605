# slaclock's words in English. Every message here has a twin with the same
# id in ../ja/slaclock.ftl (a test compares the two lists).

## Counts

count-tickets = { $n ->
    [one] { $n } ticket
   *[other] { $n } tickets
}

## Spans of time, and how far a deadline is

span-s = { $s }s
span-m = { $m }m
span-h = { $h }h
span-h-m = { $h }h { $m }m
span-d = { $d }d
span-d-h = { $d }d { $h }h
due-in = in { $span }
due-overdue = { $span } overdue

## Dates. Every date message is given: $year, $month, $mm (two digits),
## $day, $dd (two digits), $weekday and $monthname (the messages below),
## $time (HH:MM) and $zone (its abbreviation).

weekday = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
month = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
date-full = { $year }-{ $mm }-{ $dd } { $time } { $zone }
date-time = { $time }
date-week = { $weekday } { $time }
date-day = { $weekday } { $dd } { $monthname } { $time }
date-month = { $dd } { $monthname } { $time }
date-year = { $year }-{ $mm }-{ $dd } { $time }

## Clocks and states

clock-response = response
clock-update = update
clock-restore = restore
clock-own = time to own
state-pending = pending
state-running = running
state-paused = paused
state-met = met
state-breached = breached
state-none = none
ticket-open = open
ticket-waiting = waiting
ticket-resolved = resolved
phrase-pending = starts at the first update
phrase-paused = paused, { $left } left
phrase-met-none-missed = met, none missed
phrase-met = met, { $spare } to spare
phrase-breached-missed = breached, { $n } missed
phrase-breached-late = breached, { $late } late
phrase-due = { $when } ({ $due })
phrase-due-missed = { $at }; { $n } missed
