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

## The board (status, list, watch)

board-empty = No open tickets.
board-col-id = id
board-col-sev = sev
board-col-title = title
board-col-customer = customer
board-col-contract = contract
board-col-owner = owner
board-col-ref = ref
board-col-service = service
board-col-state = state
board-col-next = next deadline
board-col-clocks = clocks
board-col-response = response
board-col-update = update
board-col-restore = restore
board-col-own = own
board-col-escalation = escalation
board-provisioning = prov
board-inquiry = inq
board-clock-response = response
board-clock-update = update
board-clock-restore = restore
board-clock-own = own
board-late = { $clock } { $late } late
board-due = { $clock } { $when } (in { $left })
board-resolved = resolved { $when }
board-waiting = waiting { $span }
board-level-due = L{ $level } DUE
board-level-in = L{ $level } in { $left }
board-not-escalated = not escalated

## Kinds, severities, details and events

kind-incident = incident
kind-provisioning = provisioning
kind-inquiry = inquiry
kind-provisioning-name = Provisioning
kind-incident-severity = incident, severity { $severity }: { $name }
kind-inquiry-severity = inquiry, severity 3
severity-name-1 = Service loss
severity-name-2 = Partial degradation
severity-name-3 = No service impact
field-title = title
field-customer = customer
field-service = service
field-ref = ref
event-opened = opened
event-updated = updated
event-waiting = waiting
event-resumed = resumed
event-escalated = escalated
event-severity = severity
event-resolved = resolved
event-reopened = reopened
event-note = note
event-policy = policy
event-assigned = assigned
event-unassigned = unassigned
event-edited = edited
event-void = void
list-separator = { "; " }

## One ticket (status ID, show) and what write commands print

who-customer-service = for { $customer }, { $service }
who-customer = for { $customer }
who-service = on { $service }
note-ref = ; ref { $reference }
note-service = ; service { $service }
note-contract = , contract { $contract }
clocks-col-clock = clock
clocks-col-state = state
clocks-col-target = target
clocks-col-deadline = deadline
clocks-promised = promised
target-calendar = { $target } ({ $calendar } hours)
escalation-none = not escalated
escalation-level = level { $level }
escalation-due-since = escalation: { $level }; level { $next } ({ $contact }) is DUE since { $when } ({ $due })
escalation-due = escalation: { $level }; level { $next } ({ $contact }) due { $when } ({ $due })
escalation-paused = escalation: { $level }; next level { $next } ({ $contact }), clock paused while waiting
escalation-by-hand = escalation: { $level }; next level { $next } ({ $contact }) by hand only
opened-at = opened at { $at }
opened-reported = opened at { $at } (reported { $reported })
opened-line = { $head }: { $when }; { $kind }{ $notes }
state-resolved-at = resolved { $when }
state-waiting-since = waiting on the customer since { $when } ({ $span })
already-opened = { $head }: already opened; { $kind }{ $notes }; { $state }, reported { $reported }; nothing new was recorded
did-update-promise = update recorded at { $at }; next update promised by { $promise }
did-update = update recorded at { $at }
did-wait = waiting on the customer since { $at }
did-resume = resumed at { $at }
did-escalate = escalated to level { $level } at { $at }: contact { $contact }
did-severity = now severity { $severity }: { $name }, since { $at }
did-resolve = resolved at { $at }
did-reopen = reopened at { $at }
did-note = note added at { $at }
did-open = opened at { $at }
did-policy = policy applied at { $at }
did-assign = owned by { $owner } since { $at }
did-unassign = no owner since { $at }
did-edit = { $field } corrected to "{ $value }" at { $at }
did-edit-none = { $field } corrected to none at { $at }
did-void = void recorded at { $at }; the clocks are judged without the event
owner-is = owner { $owner }
owner-none = no owner
ticket-facts = { $state }; { $owner }; reported { $reported } ({ $ago } ago); policy version { $version }{ $notes }
timeline = timeline
timeline-col-when = when
timeline-col-event = event
timeline-col-by = by
timeline-col-details = details
timeline-voided-why = : { $reason }
timeline-voided = VOIDED by { $by } at { $when } (event { $number }){ $why }
timeline-to = to { $owner }
timeline-none = none
timeline-voids = voids event { $number }
timeline-severity = severity { $severity }
timeline-level = level { $level }
timeline-next-update = next update by { $when }
timeline-reason = reason: { $reason }
timeline-void-event = { $event } (void)
by-role = { $by } (role { $role })
trace-head = { $clock }: { $target } on the { $calendar } calendar from { $start }
trace-counted = {"  "}counted  { $from } - { $to }  { $span }  (total { $total })
trace-more = {"  "}...      (more intervals not shown)
trace-paused = {"  "}paused   { $from } - { $to }  { $span }
trace-paused-now = {"  "}paused   { $from } - now ({ $span })
trace-holiday = {"  "}holiday  { $date } (not counted)
trace-deadline = {"  "}deadline { $when }
trace-deadline-unknown = {"  "}deadline unknown while paused

## policy show, policy apply

policy-source = Policy: { $source }
policy-source-contract = Policy: { $source }, contract { $contract }
policy-col-severity = severity
policy-col-meaning = meaning
policy-col-response = initial response
policy-col-update = update every
policy-col-restore = time to restore
policy-col-own = time to own
policy-provisioning = { $name } (after 1 and 2)
policy-pauses-nothing = nothing
list-comma = { ", " }
policy-inquiries-and-pauses = Inquiries are severity 3 with no time to restore. Waiting on the customer pauses: { $paused }.
policy-remind-after = A ticket waiting on the customer longer than { $span } is reported by `check` (remind_after).
policy-change-retroactive = A severity change is retroactive (judged as if the ticket always had the new severity).
policy-change-restart = A severity change is a restart (response and restore count again from the change).
policy-contracts = Contracts: { $names } ({ $customers } customers listed); see one with `slaclock policy show --contract NAME`.
policy-col-level = level
policy-col-contact = contact
policy-col-after = severity { $severity } after
policy-escalation-path = Escalation path (a case starts at level 1 and climbs one level at a time)
policy-col-day = day
policy-col-hours = hours
policy-closed = closed
policy-calendar = Calendar { $name } ({ $zone })
policy-holidays = holidays: { $dates }
policy-referrals = Not support tickets:
applied-none = Every open ticket already follows policy version { $version } ({ $source }).
applied-some = { $count ->
    [one] { $count } open ticket now follows policy version { $version } ({ $source }): { $ids }
   *[other] { $count } open tickets now follow policy version { $version } ({ $source }): { $ids }
}
applied-ticket = { $head }: now follows policy version { $version }

## check: the lines after the first (the first line and its perfdata are
## for monitors and never translated)

check-incident = severity { $severity } incident
check-for = {" "}for { $customer }
check-line = #{ $id } { $what } "{ $title }"{ $customer }: { $reasons }
check-breached-due = { $clock } { $due }
check-breached = { $clock } breached
check-to-level = {" "}to level { $level }
check-escalation-since = escalation{ $level } due since { $span }
check-escalation = escalation{ $level } due
check-at-risk-due = {" "}due { $due }
check-at-risk-used = , { $percent }% used
check-at-risk = { $clock }{ $due }{ $used }
check-waiting-for = waiting on the customer for { $span }
check-waiting-long = waiting on the customer too long
check-history-missed = history: { $clock } breached, { $n } missed
check-history-late = history: { $clock } breached, { $late } late
check-history = history: { $clock } breached
check-calendar-after = calendar { $name } has no holidays after { $date }
check-calendar-none = calendar { $name } has no holidays
check-calendar-import = { $calendar }; import next year's with `slaclock holidays import`

## watch's title line

watch-open = slaclock watch: { $n } open
watch-breached = , { $n } breached
watch-at-risk = , { $n } at risk
watch-waiting = , { $n } waiting
watch-matching = , matching { $text } (Esc clears)
watch-page = { $first }-{ $last } of { $total }

## Questions on a terminal

prompt-kind = Kind
prompt-severity = Severity
prompt-why-escalate = Why escalate
prompt-title = Title
prompt-customer = Customer
prompt-reason = Reason
prompt-write-holidays = Write them to { $path }?
prompt-help-choose = ↑↓ to move, Enter to choose, Esc to cancel
prompt-help-line = Enter to confirm, Esc to cancel
prompt-help-optional = Enter alone to skip, Esc to cancel
prompt-help-confirm = y to go ahead, n or Enter for no, Esc to cancel
prompt-unreadable = could not read your answer: { $error }
reason-impact = the impact on the customer's business has grown
reason-slow = the problem is not being resolved quickly enough
reason-expectations = the support effort is not meeting expectations

## init

init-wrote = Wrote the default policy to { $path }; edit it, then check it with: slaclock policy check { $path }
policy-embedded = the embedded default policy
