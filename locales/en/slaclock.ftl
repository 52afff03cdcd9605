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
span-ms = { $ms }ms
# A span of several units, largest first: 1m 30s.
span-and = { $first } { $rest }
due-in = in { $span }
due-overdue = { $span } overdue
due-now = now

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
phrase-breached-paused = breached, paused { $late } late
phrase-due = { $when } ({ $due })
phrase-due-missed = { $at }; { $n } missed

## The board (status, list, watch)

board-empty = No open tickets.
board-empty-match = No open tickets match these filters.
board-empty-all = No tickets.
board-empty-all-match = No tickets match these filters.
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
board-due-now = { $clock } { $when } (now)
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
escalation-reached = escalation: { $level } reached
escalation-top = escalation: { $level }, the top of the path
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
did-assign-from = owned by { $owner } since { $at }, taken from { $from }
did-unassign = no owner since { $at }
did-edit = { $field } corrected to "{ $value }" at { $at }
did-edit-none = { $field } corrected to none at { $at }
did-void = void of event { $number } ({ $event } at { $when }{ $text }) recorded at { $at }{ $after }
did-void-back = ; { $field } is back to "{ $value }"
did-void-back-none = ; { $field } is back to none
did-void-owner = ; owner is back to { $owner }
did-void-no-owner = ; no owner now
did-void-clocks = ; the clocks are judged without it
did-void-text = : "{ $text }"
did-void-unnamed = void recorded at { $at }; the clocks are judged without the event
owner-is = owner { $owner }
owner-none = no owner
ticket-facts = { $state }; { $owner }; reported { $reported } ({ $ago }); policy version { $version }{ $notes }
# How long ago something happened, and the same when it is this very second.
ago = { $span } ago
ago-now = just now
timeline = timeline
timeline-col-when = when
timeline-col-event = event
timeline-col-by = by
timeline-col-details = details
timeline-voided-why = : { $reason }
timeline-voided = VOIDED by { $by } at { $when } (event { $number }){ $why }
timeline-to = to { $owner }
timeline-to-from = to { $owner } (from { $from })
timeline-none = none
timeline-applied-version = policy version { $from } -> { $to }
timeline-applied-contract = contract { $from } -> { $to }
timeline-voids = voids event { $number }
timeline-recorded = recorded { $when }
timeline-severity = severity { $severity }
timeline-level = level { $level }
timeline-next-update = next update by { $when }
timeline-reason = reason: { $reason }
# An escalation's reason, by its code (escalate --reason): English keeps the code.
timeline-reason-impact = impact
timeline-reason-slow = slow
timeline-reason-expectations = expectations
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
edit-contract-pinned = contract { $name }
edit-contract-pinned-none = no contract
edit-contract-stays = { $id } stays under { $pinned }; { $customer }'s contract in the policy is { $contract }: run `slaclock policy apply` to re-pin open tickets
edit-contract-stays-unlisted = { $id } stays under { $pinned }; { $customer } has no contract in the policy: run `slaclock policy apply` to re-pin open tickets
edit-contract-stays-no-customer = { $id } stays under { $pinned }; without a customer the policy gives it none: run `slaclock policy apply` to re-pin open tickets
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
applied-ticket-contract = { $head }: now follows policy version { $version }, contract { $from } -> { $to }
contract-none = none

## check: the lines after the first (the first line and its perfdata are
## for monitors and never translated)

check-incident = severity { $severity } incident
check-provisioning = provisioning request
check-for = {" "}for { $customer }
check-line = #{ $id } { $what } "{ $title }"{ $customer }: { $reasons }
check-breached-due = { $clock } { $due }
check-breached = { $clock } breached
check-breached-paused = { $clock } breached, paused { $late } late
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
# The same counts where the title line is short of room, then without the program's name.
watch-open-short = slaclock watch: { $n } open
watch-breached-short = , { $n } breached
watch-at-risk-short = , { $n } at risk
watch-waiting-short = , { $n } waiting
watch-open-bare = { $n } open
watch-matching = , matching { $text } (Esc clears)
watch-matching-short = , matching { $text }
watch-mine = , mine only
watch-mine-short = , mine
watch-page = { $first }-{ $last } of { $total }

## Questions on a terminal

prompt-kind = Kind
prompt-severity = Severity
prompt-severity-current = { $item } (current)
prompt-severity-same = already severity { $severity }: choose another, or Esc to cancel
prompt-why-escalate = Escalate { $id } to level { $level } ({ $contact }): why?
prompt-title = Title
prompt-customer = Customer
prompt-reason = Reason
prompt-write-holidays = Write them to { $path }?
prompt-help-choose = ↑↓ to move, Enter to choose, Esc to cancel
prompt-cancelled-mark = <cancelled>
prompt-help-line = Enter to confirm, Esc to cancel
prompt-help-optional = Enter alone to skip, Esc to cancel
prompt-help-confirm = y to go ahead, n or Enter for no, Esc to cancel
prompt-confirm-invalid = Type y for yes or n for no
prompt-answer-yes = Yes
prompt-answer-no = No
prompt-unreadable = could not read your answer: { $error }
reason-impact = the impact on the customer's business has grown
reason-slow = the problem is not being resolved quickly enough
reason-expectations = the support effort is not meeting expectations

## init

init-wrote = Wrote the default policy to { $path }; edit it, then check it with: slaclock policy check { $path }
policy-embedded = the embedded default policy

## Errors and refusals. Values quoted as typed ($text, $reference) come
## with their quotes.

error-prefix = error:
cancelled = cancelled; nothing was recorded
cannot-write-stdout = cannot write to standard output
cannot-write-stdout-nothing-recorded = cannot write to standard output (nothing was recorded in the ticket log)
not-printed = { $done }, but printing the result failed: { $error }; { $next }
not-printed-recorded = the { $what } on ticket { $id } was recorded in the ticket log (event { $event })
not-printed-record-next = do not record it again; see it with: slaclock status { $id }
not-printed-opened = ticket { $id } was opened and recorded in the ticket log (event { $event })
not-printed-held = ticket { $id } holds this --ref in the ticket log (opened before; nothing new was recorded)
not-printed-open-next = do not open it again; see it with: slaclock status { $id }
not-printed-copied = the copy from { $from } to { $to } is complete ({ $tickets ->
        [one] 1 ticket
       *[other] { $tickets } tickets
    }, { $events ->
        [one] 1 event
       *[other] { $events } events
    } and { $versions ->
        [one] 1 policy version
       *[other] { $versions } policy versions
    }; the counts match)
not-printed-copied-next = do not copy again; read the copy with: slaclock --db { $to } status --all
not-printed-init = the default policy was written to { $path }
not-printed-init-next = edit it, then check it with: slaclock policy check { $path }
not-printed-sent = { $n ->
        [one] 1 event was sent and recorded
       *[other] { $n } events were sent and recorded
    }
not-printed-sent-next = they are not sent again
not-printed-holidays = the holidays were written to { $path }
not-printed-holidays-next = do not import again; see them with: slaclock policy show --policy { $path }
not-printed-applied = policy version { $version } ({ $source }) was applied to { $n ->
        [one] 1 open ticket
       *[other] { $n } open tickets
    } and recorded in the ticket log
not-printed-applied-next = do not apply it again; see the tickets with: slaclock status

refuse-lang = { $value } is not a language slaclock speaks; give en or ja
refuse-id-too-large = { $text } is larger than any ticket number
refuse-not-an-id = { $text } is not a ticket number; give the number the board shows, such as 12 or #12
refuse-not-an-event = { $text } is not an event number; give the number in the first column of the ticket's timeline (slaclock status ID), such as 3
refuse-not-a-severity = { $text } is not a severity; give 1, 2 or 3 (1 service loss, 2 partial degradation, 3 no service impact)
refuse-not-utf8 = { $text } is not valid UTF-8 text
refuse-check-timeout = not a duration such as 20s, 90s or 2m ({ $error })
refuse-check-timeout-range = out of range: give from 1s to 24h, such as 20s or 2m
refuse-send-timeout = not a duration such as 10s or 1m ({ $error })
refuse-send-timeout-range = out of range: give from 1s to 5m, such as 10s
refuse-max-wait = { $text } is not a duration from 1s to 366 days; write it like "8h", "2d" or "1h 30m"
refuse-duration-unit = { $unit } is not a unit slaclock reads; use s, m, h, d or w (minutes are m: "15m", "2h"; a month or a year has no fixed length)
time-forms = use RFC 3339 (2026-11-24T10:00:00+10:00), "YYYY-MM-DD HH:MM", "HH:MM" or a day and a time ("yesterday 17:00", "mon 09:00") in local time, "now", "15m ago" or "in 2h"
refuse-not-a-time = { $text } is not a time; { time-forms }
refuse-not-a-bound = { $text } is not a day or a time; give a day alone for its first instant ("2026-11-01", "yesterday", "mon"), or { time-forms }
refuse-time-unit = { $text }: { $unit } is not a unit slaclock reads; use s, m, h, d or w (minutes are m: "15m ago", "in 2h")
refuse-time-without-time = { $text } is { $what ->
    [date] a date
   *[day] a day
} without a time; add one, e.g. { $example }
refuse-time-skipped = { $text } does not exist in { $zone } (the clocks skip from { $from } to { $to }{ $dst ->
        [yes] {" "}for daylight saving
       *[no] {""}
    }); the first time that exists after it is { $first }
refuse-time-out-of-range = { $text } is out of range; times must lie between 1970-01-01 and 9999-12-31 (UTC)

input-what = { $what ->
    [title] title
    [reason] reason
    [note] note
    [message] message
    [customer] customer
    [service] service
    [by-name] --by name
    [owner-name] owner's name
   *[other] { $what }
}
input-empty = the { $what } is empty; { $hint }
input-long = the { $what } is { $n } characters long; keep it to { $max }
input-long-hint = { $text }{ $hint }
input-hint-title = say what is wrong in a line
input-hint-title-long = ; put the details in a note (slaclock note ID TEXT)
input-hint-severity = say why the severity changes
input-hint-reopen = say why the ticket is reopened
input-hint-note = write what the note should say
input-hint-void = say why the event was a mistake
input-ref-empty = --ref is empty; give the external reference, such as the customer's case number or the alert id
input-ref-long = --ref is { $n } characters long; keep it to { $max } (a case number or an alert id)
input-ref-control = --ref holds a control character (U+{ $code }, character { $at }); give it on one line, without tabs or escapes
status-filter-with-id = { $flag } chooses tickets for the board, so it does not apply to one ticket: leave out { $flag } to see { $id }, or the ID to see the board
status-explain-without-id = --explain shows how one ticket's deadlines were reached; give its ID: slaclock status ID --explain
status-explain-json = --explain is told in words, not in JSON: leave out --format json to read it, or --explain for the ticket's JSON
input-by-control = --by holds a control character (U+{ $code }, character { $at }); give the name on one line, without tabs or escapes
input-by-empty = --by is empty; give the name of whoever records this (or leave --by out for $USER)
input-login-too-long = ${ $var } is { $n } characters long, too long to record as who did this (at most { $max }); set a shorter ${ $var }, or pass --by NAME where the command takes it
input-login-control = ${ $var } holds a control character (U+{ $code }, character { $at }), so it cannot be recorded as who did this; pass --by NAME where the command takes it, or set ${ $var } on one line without tabs or escapes
input-owner-empty = the owner is empty; give the name of whoever takes the ticket on
input-owner-control = the owner's name holds a control character (U+{ $code }); give it on one line
input-owner-filter-empty = --owner is empty; give an owner's name as it was assigned (or --unassigned for the tickets nobody owns)

refuse-no-ticket-empty = no ticket { $id }: the ticket log has no tickets yet (open one with `slaclock open`)
refuse-no-ticket = no ticket { $id }; { $n ->
    [1] the only ticket is { $recent }
   *[other] the most recent are { $recent }
}
refuse-referral = { $what } questions are not support tickets; refer the customer to { $to }
refuse-referral-team = the team the policy's [referrals] names
refuse-incident-severity = an incident needs --severity 1, 2 or 3 (1 service loss, 2 partial degradation, 3 no service impact)
refuse-inquiry-severity = inquiries are always severity 3; --severity { $severity } does not apply (open an incident if a service is affected)
refuse-provisioning-severity = provisioning requests have no severity; leave out --severity
refuse-title-required = a title is required: slaclock open [OPTIONS] TITLE
refuse-open-in-future = --at { $at } is in the future; a ticket is opened for a problem already reported
refuse-resume-not-waiting = ticket { $id } is not waiting on the customer, so there is nothing to resume; record the update without --resume
refuse-resume-again = ticket { $id } is not waiting on the customer: { $who } resumed it with an update at { $at }; if that was this update, it is recorded (see it with: slaclock status { $number }); otherwise record the update without --resume
refuse-resume-not-waiting-since = ticket { $id } is not waiting on the customer: { $who } resumed it at { $at }; record the update without --resume
refuse-severity-missing = severity needs the new severity (1, 2 or 3)
refuse-severity-reason = severity needs --reason TEXT
refuse-edit-ref-taken = ticket { $id }: --ref { $reference } is already ticket { $holder }'s; a ref names one ticket in the log
refuse-edit-nothing = ticket { $id } already has those details; there is nothing to correct
refuse-void-no-event = ticket { $id } has no event { $n }; its events are numbered 1 to { $last } (see slaclock status { $number })
refuse-void = void { $id } { $n } refused: { $why }
refuse-void-opening = event { $n } opened the ticket and cannot be voided; correct its details with slaclock edit { $number }
refuse-void-void = event { $n } is itself a void, and a void stands: record again what it voided if it did happen (events are recorded in order, so at or after the last one), and say why in a note
refuse-void-by = { " " }by event { $n } ({ $by })
refuse-void-already = event { $n } ({ $what }) is already void{ $by }
refuse-void-policy = event { $n } re-pinned the ticket to another policy; `slaclock policy apply` decides that, not a void
refuse-void-depends = event { $n } ({ $what }) depends on it; void { $n } first
refuse-void-depends-repin = event { $n } (policy) re-pinned the ticket while this event held it open, and a re-pin is never voided, so this one stays too; record what is true now instead (a resolve, with a note saying why)
refuse-void-ref = it would give back the ref { $reference }, which ticket { $holder } holds now
refuse-in-future = ticket { $id }: --at { $at } is in the future; leave --at out to record it now
refuse-before-report = ticket { $id }: --at { $at } is before the customer reported it ({ $reported })
refuse-before-last = ticket { $id }: --at { $at } is { $gap } before its last recorded event ({ $last }), event { $n } ({ $what }); events are recorded in order
refuse-event-void-of = the void of event { $n }
refuse-clock-behind = ticket { $id }: now, { $now } by this machine's clock, is { $gap } before the ticket's last recorded time ({ $last }); events are recorded in order, so check the clock of this machine and of the one that recorded it
refuse-resolved = ticket { $id } is resolved; reopen it first (slaclock reopen { $number } --reason TEXT)
refuse-already-resolved = ticket { $id } is already resolved (since { $since }, by { $who }); there is nothing to record
refuse-not-resolved = ticket { $id } is not resolved, so there is nothing to reopen
refuse-already-waiting = ticket { $id } has been waiting on the customer since { $since } (marked by { $who }); resume it first
refuse-not-waiting = ticket { $id } is not waiting on the customer; there is nothing to resume
refuse-not-waiting-since = ticket { $id } is not waiting on the customer: { $who } resumed it at { $at }; there is nothing to resume
refuse-escalated-meanwhile = ticket { $id } was escalated to level { $level } by { $by } at { $at }, while this escalation waited its turn: both were made from the level below, so it climbs once; nothing recorded. If it must climb again, run escalate again
refuse-top-level = ticket { $id } is already at the top escalation level ({ $level }: { $contact })
refuse-skips-level = ticket { $id }: escalation climbs one level at a time; the next is { $next }
refuse-no-severity = ticket { $id } is { $kind ->
    [inquiry] an inquiry
   *[provisioning] a provisioning request
}; only incidents have a severity that can change
refuse-same-severity = ticket { $id } is already severity { $severity }
refuse-promise-not-after = ticket { $id }: the promised next update ({ $promised }) must be after the update itself ({ $at })
refuse-already-owner = ticket { $id } is already owned by { $owner }; there is nothing to record
refuse-not-owned = nobody owns ticket { $id }; there is nothing to unassign
refuse-who-unknown-take = who you are is unknown (USER and LOGNAME are both unset or blank), so take cannot name the owner; pass --by NAME, or set USER
refuse-who-unknown-mine = who you are is unknown (USER and LOGNAME are both unset or blank), so --mine cannot tell which tickets are yours; give --owner NAME, or set USER

store-no-log = no ticket log at { $path }; open a ticket first, or pass --db
store-no-folder = no ticket log at { $path }: the folder { $folder } does not exist; correct { $flag } (a mistyped path, or a share that is not mounted?), or create the folder first ({ $mkdir }) and open a ticket there
log-started = note: started a new ticket log at { $path } (an existing log is chosen with --db or SLACLOCK_DB)
store-not-created = no ticket log at { $path } yet: the file is empty (a log whose creation was cut short); open a ticket to start it there, or pass --db
store-no-tables = no ticket log at { $path } yet: the file is an SQLite database that holds no tables (a log whose creation was cut short); open a ticket to start it there, or pass --db
store-read-only = the ticket log { $path } cannot be written; check the permissions of the file and its folder
store-read-only-fs = the ticket log { $path } is on a file system mounted read-only; no permission can make it writable: mount it read-write, or copy the log elsewhere
store-busy = the ticket log { $path } is busy (another slaclock, or another program, is writing to it); try again
store-disk-full = the disk holding the ticket log { $path } is full; free some space there and run the command again
store-io-error = the ticket log { $path } could not be read or written (a disk I/O error); check that its disk is not full and is working
store-not-a-log = { $path } is not a slaclock ticket log (not an SQLite database); left untouched. If it was your log, it is damaged: move it aside and put your latest backup in its place (README, "Backups")
store-cannot-open = cannot open the ticket log { $path }
store-damaged = the ticket log { $path } is damaged ({ $error }): move it aside and put your latest backup in its place (README, "Backups")

## report's tables (report, report --months, report --policy)
report-heading = Tickets opened from { $since } to { $until }, judged as of { $at }
report-col-opened = opened
report-col-response-met = response met
report-col-updates-on-time = updates on time
report-col-missed = missed
report-col-restore-met = restore met
report-col-restore-median = restore median
report-col-restore-p90 = restore p90
report-col-esc = esc L{ $level }
report-col-still-open = still open
report-col-owned-in-time = owned in time
report-all-tickets = all tickets
# The row of the tickets with no customer (report --by customer) or no contract (--by contract).
report-no-customer = (no customer)
report-no-contract = (no contract)
report-severity = severity { $severity }
report-footnote = Response met and restore met count the tickets whose clock has stopped or breached{ $owns ->
    [yes] , as does owned in time
   *[no] {""}
}; updates on time, the tickets whose update clock has started (an initial response was sent), on time if they missed no update; the restore median and p90 are nearest-rank over the counted time of resolved incidents.
trend-heading = Incidents reported from { $since } to { $until }, by month and severity; each month judged as of its end
trend-col-month = month
trend-col-sev = sev
trend-col-esc = esc
trend-col-waiting = waiting
trend-footnote = Each month's row is its severity's row in that month's report: response met and restore met count the incidents whose clock has stopped or breached; updates on time, those whose update clock has started, on time if they missed no update; the restore median and p90 are nearest-rank over resolved incidents' counted time; esc counts incidents escalated at least once; waiting is the share of the incidents' time spent waiting on the customer.
what-if-heading = Tickets opened from { $since } to { $until }, as of { $at }, judged under the policies recorded with them and under { $proposal }
what-if-trend-heading = Incidents reported from { $since } to { $until }, by month and severity, each month as of its end, judged under the policies recorded with them and under { $proposal }
what-if-col-figure = figure
what-if-col-recorded = recorded
what-if-col-proposed = proposed
what-if-col-change = change
what-if-footnote = The change is in percentage points, or in time for the restore median and p90; `-` where one side judged nothing. Nothing is written to the ticket log.
figure-response-met = response met
figure-updates-on-time = updates on time
figure-restore-met = restore met
figure-restore-median = restore median
figure-restore-p90 = restore p90
figure-owned-in-time = owned in time

## watch: keys, prompts, status
watch-too-small = slaclock: too small
watch-no-ticket = no ticket to act on
watch-read-failed = cannot read the ticket log: { $error }
watch-why-escalate = Escalate { $id }: why?
watch-why-escalate-to = Escalate { $id } to level { $level }: why?
watch-escalate-contact = contact: { $contact }
watch-key-choose = ↑↓ choose
watch-key-escalates = Enter escalates
watch-key-cancels = Esc cancels
watch-key-scroll = ↑↓ scroll
watch-key-board = Esc board
watch-key-move = ↑↓ move
watch-key-details = Enter details
watch-key-filter = / filter
watch-key-update = u update
watch-key-wait = w wait
watch-key-resume = r resume
watch-key-escalate = e escalate
watch-key-take = t take
watch-key-all = m all
watch-key-mine = m mine
watch-key-quit = q quit
watch-filter-prompt = Filter (Enter keep, Esc clear):
watch-prompt-update = Update { $id }, message (Enter records, Esc cancels):
watch-prompt-wait = Wait on the customer for { $id }, reason (Enter records, Esc cancels):
watch-prompt-resume = Resume { $id }, note (Enter records, Esc cancels):
watch-prompt-escalate = Escalate { $id }, text (Enter records, Esc cancels):
watch-prompt-take = Take { $id }, text (Enter records, Esc cancels):
watch-filter-prompt-short = Filter:
watch-ask-take = Take { $id } { $title }? (Enter takes, Esc cancels)
watch-ask-take-short = Take { $id }? (Enter takes, Esc cancels)
watch-ask-take-tiny = Take { $id }?
watch-ask-take-owned = Take { $id } { $title } (owned by { $owner })? (Enter takes, Esc cancels)
watch-ask-take-owned-short = Take { $id } (owned by { $owner })? (Enter takes, Esc cancels)
watch-ask-take-owned-tiny = Take { $id } from { $owner }?
watch-prompt-update-short = Update { $id }, message:
watch-prompt-update-tiny = Update { $id }:
watch-prompt-wait-short = Wait { $id }, reason:
watch-prompt-wait-tiny = Wait { $id }:
watch-prompt-resume-short = Resume { $id }, note:
watch-prompt-resume-tiny = Resume { $id }:

## holidays import: the preview and what was written
holidays-day = { $date } { $weekday }
holidays-dates = { $n ->
    [one] { $n } date
   *[other] { $n } dates
}
holidays-skip-timed = it has a time, so it is not an all-day event
holidays-skip-cancelled = it is cancelled (STATUS:CANCELLED)
holidays-preview = { $ics }: { $dates } off in { $years } for calendar { $calendar } of { $policy }
holidays-skipped = Skipped line { $line }: { $summary }: { $why }
holidays-skipped-more = Skipped { $n } more timed or cancelled events.
holidays-left-out = Left out: { $dates } outside { $years } (give --years N to cover more)
holidays-unchanged = The calendar already lists exactly these dates for { $years }; nothing to write.
holidays-adds = Adds { $dates }:
holidays-removes = Removes { $dates } the file does not have:
holidays-keeps = Keeps { $dates } already listed.
holidays-written = Wrote calendar { $calendar }'s holidays for { $years } to { $policy }: { $added } added, { $removed } removed. Tickets opened from now on are judged by it; run `slaclock policy apply` to re-pin open tickets.

## warnings on standard error, and policy check's line
warn-as-of-future = --as-of { $when } is later than now ({ $now }): the log is judged as it stands now, since it holds nothing later
warn-log-exposed = warning: the ticket log { $path } can be read or written by others (mode { $mode }); run: chmod 600 { $path } (or chmod 640 to let its group read it)
warn-log-folder-open = warning: the folder { $folder } holding the ticket log { $path } can be written by others (mode { $mode }), so anyone who can write there can replace the log; run: chmod go-w { $folder } (or chmod +t { $folder } if others must keep files there)
warn-log-sibling-foreign = warning: { $file } beside the ticket log { $path } belongs to { $owner }, not to the log's owner, and whoever owns it can change what the log holds; keep the log in a folder only its owner can write
warn-no-tls = warning: the ticket log { $shown } does not offer TLS: connected without encryption (sslmode=prefer; verify-full would refuse)
warn-no-tls-refused = warning: the ticket log { $shown } does not offer TLS: what was sent to it went without encryption, the sign-in included (the password itself only if the server asked for it in clear text; sslmode=prefer, and verify-full would not have sent anything)
warn-policy-unusable = open refuses new tickets until their policy is mended (the board judges each ticket by the policy version it is pinned to): { $reason }
warn-still-waiting = { $id } is waiting on the customer: the update is recorded and the clocks stay paused; to resume them, run "slaclock resume { $number }" (next time, add --resume to the update to record both in one step)
policy-check-ok = { $source }: ok

## the environment: SLACLOCK_NOW, SLACLOCK_BUSY_TIMEOUT, TZ, the data folder
env-not-utf8 = { $name }={ $value } is not valid UTF-8 text
env-no-data-folder = no --db given and no data folder to put the ticket log in (is HOME set?); pass --db PATH or set SLACLOCK_DB
env-busy-not-duration = SLACLOCK_BUSY_TIMEOUT={ $value } is not a duration such as 500ms or 10s
env-busy-too-long = SLACLOCK_BUSY_TIMEOUT={ $value } is longer than 1h; a write waits at most an hour for another writer (default 10s)
now-not-rfc3339 = { $value } is not an RFC 3339 instant such as 2026-11-24T10:00:00Z
tz-hint = set TZ to an IANA name such as Australia/Sydney or a POSIX TZ string such as AEST-10, or unset it for the system's zone
tz-not-utf8 = TZ={ $value } is not valid UTF-8 text; { $hint }
tz-no-rule = TZ={ $value } names a daylight-saving time without the rule for when it applies; add the rule, such as AEST-10AEDT,M10.1.0,M4.1.0/3, or use an IANA name such as Australia/Sydney
tz-invalid = TZ={ $value } is neither an IANA time zone name nor a POSIX TZ string; { $hint }
tz-cannot-read = TZ={ $value }: cannot read the zone file { $path } ({ $error }); { $hint }
tz-not-tzif = TZ={ $value }: { $path } is not a zoneinfo (TZif) file; { $hint }

## -o and --chart: files that are refused
out-what-export = the export
out-what-metrics = the metrics
out-what-chart = the chart
out-is-the-log = { $flag } { $path } is the ticket log itself; choose another file for { $what }
out-is-a-log-file = { $flag } { $path } is one of the ticket log's own files ({ $own }); choose another file for { $what }
chart-not-svg-png = { $path } is neither .svg nor .png; name the chart FILE.svg or FILE.png
refuse-chart-no-name = { $path } has no name before { $ext }; name the chart FILE.svg or FILE.png
chart-cannot-write = --chart { $path }: cannot write the chart

## store: the operating system's words (std::io::Error) inside messages.
## English never looks these up: it keeps the OS's own text, byte for
## byte. Another language tells these kinds in its words, keeping the
## OS's code after them: "... (os error 2)".

os-not-found = No such file or directory
os-not-permitted = Operation not permitted
os-permission-denied = Permission denied
os-connection-refused = Connection refused
os-connection-reset = Connection reset by peer
os-connection-aborted = Software caused connection abort
os-not-connected = Transport endpoint is not connected
os-host-unreachable = No route to host
os-network-unreachable = Network is unreachable
os-network-down = Network is down
os-addr-in-use = Address already in use
os-addr-not-available = Cannot assign requested address
os-timed-out = Connection timed out
os-already-exists = File exists
os-broken-pipe = Broken pipe
os-would-block = Resource temporarily unavailable
os-read-only-filesystem = Read-only file system
os-storage-full = No space left on device
os-quota-exceeded = Disk quota exceeded
os-file-too-large = File too large
os-is-a-directory = Is a directory
os-not-a-directory = Not a directory
os-directory-not-empty = Directory not empty
os-resource-busy = Device or resource busy
os-unexpected-eof = unexpected end of file

## store: the SQLite file (opening, refusing, locking)

sqlite-file-kind = { $kind ->
    [folder] a folder
    [fifo] a FIFO (named pipe)
    [device] a device
    [socket] a socket
   *[other] not a regular file
}
sqlite-not-a-file = { $path } is { sqlite-file-kind }, not a ticket log file; pass --db the path of a file (it is created if missing)
sqlite-not-a-log-file = { $path } is { sqlite-file-kind }, not a ticket log file; pass --db the path of the ticket log file
sqlite-sibling-not-a-file = { $path } is { sqlite-file-kind }, where SQLite keeps the ticket log's { $suffix } file; remove it
sqlite-not-regular = { $path } is not a regular file, not a ticket log file; pass --db the path of a file
sqlite-cannot-look = cannot look at { $path }
sqlite-cannot-read = cannot read { $path }
sqlite-cannot-read-log = cannot read the ticket log { $path }
sqlite-cannot-create-folder = cannot create the folder { $path }
db-no-folder = { $flag } names { $path }, but the folder { $folder } does not exist: create it first ({ $mkdir }) or correct the path; a new ticket log is started only in a folder that exists, so a mistyped path or a share that is not mounted never gets a log of its own
sqlite-cannot-create = cannot create { $path }: the folder { $folder } cannot be written
sqlite-blank-not-yours = { $path } holds no ticket log yet and belongs to { $owner }, not to you: a log started in it would stay theirs to read and change; remove it (or ask its owner to), or choose another path for the log
sqlite-cannot-make-private = cannot make { $path } readable and writable by its owner only (mode 0600), as a new ticket log is
sqlite-cannot-sync = cannot sync { $path }
sqlite-cannot-sync-folder = cannot sync the folder { $path }
sqlite-cannot-lock = cannot lock { $path }
sqlite-cannot-find = cannot find the ticket log { $path }
sqlite-cannot-set-busy = cannot set the busy timeout of { $path }
sqlite-checkpointed = the ticket log { $path } was checkpointed by a writer while it was read, so what was read may be mixed; try again
sqlite-foreign = { $log } is an SQLite database but not a slaclock ticket log; left untouched
sqlite-no-wal = cannot switch the ticket log { $path } to WAL mode (SQLite kept { $mode })
sqlite-wal-unreadable = cannot read the ticket log { $path }: its latest changes are in { $wal }, which cannot be read without { $shm }, and that { $shm_is ->
    [unreadable] cannot be read by you
   *[missing] is missing
}; any slaclock command that writes to the log (run by someone who may write it) folds them into the log, or its owner can make both files readable like the log
sqlite-older = the ticket log { $path } has schema version { $version }, older than this slaclock's { $known }, and cannot be upgraded by you; run any slaclock command as someone who may write it
sqlite-invalid-version = invalid schema version { $version }
sqlite-not-ours = not a slaclock ticket log

## store: what both stores say (schema versions, rows, queries, copies)

store-newer = { $log } was written by a newer slaclock (schema version { $version }; this one knows up to { $known }); upgrade slaclock
store-invalid-version = { $log } has an invalid schema version { $version }, not a slaclock ticket log; left untouched
sqlite-version-zero = { $log } is marked as a slaclock ticket log but says schema version 0 while it already holds tables: it was changed by hand or by another tool; left untouched. Put your latest backup in its place (README, "Backups")
store-cannot-migrate = cannot apply schema migration { $step }
store-bind-count = a statement takes { $count } values, { $given } given
log-not-whole = { $column } holds { $found } in the ticket log, not a whole number
log-policy-vanished = a policy version vanished while it was stored
log-cannot-record-ticket = cannot record the ticket { $title }
log-cannot-record-event = cannot record the { $kind } event of ticket { $id }
log-cannot-move = cannot move ticket { $id } to policy version { $version }
log-empty-column = { $column } is empty in the ticket log
log-out-of-range = { $column } { $value } in the ticket log is out of range (0 to 255)
log-cannot-read-ticket = cannot read ticket { $id }
log-cannot-read-event = cannot read event { $id }
log-cannot-read-notice = cannot read notice { $id }
log-cannot-copy-policy = cannot copy policy version { $id }
log-cannot-copy-ticket = cannot copy ticket { $id }
log-cannot-copy-event = cannot copy event { $event } of ticket { $id }
log-cannot-copy-notice = cannot copy notice { $notice } of ticket { $id }
log-rows-for-one = expected at most one row, got { $n }
log-empty-ticket-id = a ticket id is empty
log-count-no-row = a count returned no row
log-vanished-changed = ticket { $id } vanished while it was changed
log-vanished-opened = ticket { $id } vanished while it was opened
log-no-ticket = ticket { $id } is not in the ticket log
log-no-event = event { $id } is not in the ticket log
log-no-policy = policy version { $version } is missing from the ticket log
log-cannot-look-up-ref = cannot look up the ticket with ref { $reference }
log-cannot-read-events = cannot read the events of ticket { $id }
log-cannot-read-corrections = cannot read the corrections made to the tickets' { $field }
log-cannot-read-ticket-events = cannot read ticket { $id } and its events
log-cannot-correct = cannot correct the { $field } of ticket { $id }
log-cannot-repin = cannot re-pin the contract of ticket { $id }
log-cannot-record-notice = cannot record the notice sent about ticket { $id }
log-cannot-read-notices = cannot read the notices sent
log-clock-behind = the ticket log holds an event recorded at { $newest }, { $gap } later than now by this machine's clock ({ $now }): what was recorded after this machine's "now" would be left out, so nothing is judged; check the clock of this machine and of the one that recorded it
warn-clock-behind = the ticket log holds an event recorded at { $newest }, { $gap } later than now by this machine's clock ({ $now }): what is shown leaves out what was recorded after this machine's "now"; check the clock of this machine and of the one that recorded it
log-cannot-read-newest = cannot read the newest event's id
log-ref-taken = another ticket already holds the reference { $reference }

## store: PostgreSQL (connecting, deadlines, TLS, the environment, refusals)

pg-cannot-connect = cannot connect to the ticket log { $shown }
pg-cannot-connect-because = cannot connect to the ticket log { $shown }: { $error }
pg-cannot-connect-at = cannot connect to the ticket log { $shown } at { $at }: { $error }; is PostgreSQL running there, and is that the right host and port?
pg-not-postgres = cannot connect to the ticket log { $shown } at { $at }: what answered there does not speak PostgreSQL's protocol ({ $error }); is that the right host and port?
pg-cut-off = cannot connect to the ticket log { $shown } at { $at }: the connection was closed before a PostgreSQL server answered ({ $error }); is PostgreSQL running there, and is that the right host and port?
pg-no-answer-connect = cannot connect to the ticket log { $shown }: the server did not answer within { $waited } (connect_timeout)
pg-no-answer-connect-at = cannot connect to the ticket log { $shown } at { $at }: the server did not answer within { $waited } (connect_timeout)
pg-no-answer-read = the ticket log { $shown } did not answer within { $waited }; is the server stopped or overloaded?
pg-no-answer-read-at = the ticket log { $shown } at { $at } did not answer within { $waited }; is the server stopped or overloaded?
pg-no-answer-write = the ticket log { $shown } did not answer within { $waited }; nothing was recorded
pg-no-answer-write-at = the ticket log { $shown } at { $at } did not answer within { $waited }; nothing was recorded
pg-no-answer-commit = the ticket log { $shown } did not confirm the commit within { $waited }: the change may or may not have been recorded; look at the log before trying again
pg-no-answer-commit-at = the ticket log { $shown } at { $at } did not confirm the commit within { $waited }: the change may or may not have been recorded; look at the log before trying again
pg-closed = the connection to { $shown } is closed
pg-recorded-but = the change was recorded in the ticket log { $shown }, but then
pg-transaction-pooling = the ticket log { $shown } is reached through a pooler in transaction mode, which hands a server connection from client to client with their prepared statements; slaclock needs session pooling (pool_mode = session in PgBouncer)
pg-lost = lost the connection to the ticket log { $shown }
pg-lost-committing = lost the connection to the ticket log { $shown } while committing: the change may or may not have been recorded; look at the log before trying again
pg-locked = the ticket log { $shown } is locked by another session; gave up after { $waited } (SLACLOCK_BUSY_TIMEOUT); try again
pg-cancelled = the ticket log { $shown } cancelled a statement that ran past its statement_timeout; try again
pg-refused-access = the ticket log { $shown } refused access; check the privileges of the database role
pg-not-utf8 = { $log } is a database encoded in { $encoding }, which cannot hold every text a ticket log records; make the log in a UTF8 database (createdb --encoding=UTF8 --template=template0 NAME)
pg-foreign = { $log } is a PostgreSQL database but not a slaclock ticket log; left untouched
pg-rows-for-one = the server returned { $n } rows for one
pg-gave-no-answer = the server gave no answer
pg-too-few-answers = the server gave too few answers
pg-odd-answer-query = the server answered a query with { $answer }
pg-odd-answer-update = the server answered an update with { $answer }
pg-already-committed = the change was already committed; nothing more can be written in it
pg-event-without-data = an event without its data
pg-opened-rows = the ticket just opened came back as { $n } rows
pg-cannot-move-ids = cannot move the ids of { $table } past the copied rows
pg-cannot-copy-span = cannot copy the { $what ->
    [policy-versions] policy versions
    [tickets] tickets
    [events] events
   *[notices] notices
} { $low } to { $high }
pg-env-port = PGPORT is { $value }, not a port number (1 to 65535)
pg-env-ports-hosts = PGPORT gives { $ports } ports for { $hosts ->
        [one] 1 host
       *[other] { $hosts } hosts
    }; give one port, or one for each host
pg-env-connect-timeout = PGCONNECT_TIMEOUT is { $value }, not a whole number of seconds
pg-warning = warning: { $warning }
pg-passfile-not-a-file = password file { $path } is not a plain file; ignored
pg-passfile-open = password file { $path } has group or world access; permissions should be u=rw (0600) or less; ignored
pg-passfile-unreadable = cannot read password file { $path }: { $error }; ignored
pg-passfile-too-big = password file { $path } is larger than the 1 MiB a password file may be; ignored
pg-sslmode-invalid = { $from } is { $value }, not one of disable, prefer, require, verify-ca, verify-full
pg-tls-setup = cannot set up TLS
pg-rootcert-unreadable = sslrootcert { $path }: { $error }
pg-rootcert-empty = sslrootcert { $path }: no certificate in it
pg-rootcert-not-a-file = sslrootcert { $path } is { sqlite-file-kind }, not a regular file; give the path of a PEM file holding the certificates of the CA that signed the server's
pg-rootcert-too-big = sslrootcert { $path } is larger than the 1 MiB a root certificate file may be; give the path of the PEM file holding the certificates of the CA that signed the server's
pg-no-roots = no root certificates found on this system to check the server's; give sslrootcert=<a PEM file>
## app: clap's usage errors, as clap words them (English is printed by
## clap itself; these are its words, so the tests can check that the
## rebuilt error is clap's own, part for part)
clap-tip = tip:
clap-usage = Usage: { $usage }
clap-more = For more information, try '{ $flag }'.
clap-conflict-again = the argument '{ $arg }' cannot be used multiple times
clap-conflict-arg = the argument '{ $arg }'
clap-conflict-subcommand = the subcommand '{ $subcommand }'
clap-conflict-alone = { $who } cannot be used with
clap-conflict-with = { $who } cannot be used with '{ $other }'
clap-conflict-with-these = { $who } cannot be used with:
clap-conflict-with-others = { $who } cannot be used with one or more of the other specified arguments
clap-no-equals = equal sign is needed when assigning values to '{ $arg }'
clap-value-missing = a value is required for '{ $arg }' but none was supplied
clap-value-invalid = invalid value '{ $value }' for '{ $arg }'
clap-possible-values = { "[" }possible values: { $list }]
clap-subcommands = { "[" }subcommands: { $list }]
clap-unknown-subcommand = unrecognized subcommand '{ $subcommand }'
clap-missing = the following required arguments were not provided:
clap-missing-subcommand = '{ $subcommand }' requires a subcommand but one was not provided
clap-too-many = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
clap-too-few = { $min } values required by '{ $arg }'; only { $n } { $n ->
        [0] was
        [1] was
       *[other] were
    } provided
clap-wrong-number = { $want } values required for '{ $arg }' but { $n } { $n ->
        [0] was
        [1] was
       *[other] were
    } provided
clap-unknown-argument = unexpected argument '{ $arg }' found
clap-similar-argument = { $n ->
        [one] a similar argument exists: { $list }
       *[other] some similar arguments exist: { $list }
    }
clap-similar-subcommand = { $n ->
        [one] a similar subcommand exists: { $list }
       *[other] some similar subcommands exist: { $list }
    }
clap-similar-value = { $n ->
        [one] a similar value exists: { $list }
       *[other] some similar values exist: { $list }
    }
clap-tip-as-value = to pass '{ $arg }' as a value, use '{ $how }'
clap-tip-double-dash = subcommand '{ $subcommand }' exists; to use it, remove the '--' before it
clap-tip-exists = '{ $what }' exists
clap-tip-quote = quote text with spaces: { $example }
clap-out-of-range = { $value } is not in { $low }..={ $high }
clap-not-a-number = invalid digit found in string
clap-number-too-large = number too large to fit in target type

## app: watch's terminal
watch-not-a-terminal = watch draws a live board on a terminal, and standard output is not one; for a listing use `slaclock status` (or `status --format json`, or `check` for monitoring)
watch-input-ended = the terminal's input ended
watch-keys-dropped = { $n ->
    [one] a key typed
   *[other] { $n } keys typed
} while the ticket log did not answer ({ $waited }) { $n ->
    [one] was
   *[other] were
} not acted on; press again what you still want
watch-cannot-set-up = cannot set up the terminal for the live board
watch-cannot-catch-signal = cannot catch signal { $signal }

## app: report and the charts' refusals
refuse-since-until = --since ({ $since }) must be before --until ({ $until })
refuse-since-now = --since ({ $since }) must be before now ({ $now }), where the period ends when --until is not given; give an earlier --since, or an --until after it
report-no-month = no month to report
report-no-period = no period to report
report-no-month-start = no first day of the month of { $date }
refuse-chart-trend-flags = --chart draws the trend of the last --months N (default 12), which takes no --since, --until or --by; add --restore-times to chart that period's restore times
judging-stopped = the worker judging the tickets stopped
judging-failed = the worker judging the tickets failed
report-proposal = report --policy (the proposed policy): { $error }
report-proposal-contract = report --policy { $path }: contract { $contract }: { $error }
chart-cannot-encode = cannot encode the chart as PNG: { $error }
chart-font-unreadable = the chart font embedded in slaclock cannot be read
chart-cannot-draw = cannot draw the chart: { $error }

## app: holidays import's refusals and warnings
warning-prefix = warning:
holidays-embedded-policy = slaclock is using its embedded default policy, which cannot be edited; run `slaclock init` to write a copy to edit (or give --policy PATH), then import again
holidays-refused-line = { $ics }:{ $line }: { $error }; nothing was changed
holidays-refused = { $path }: { $error }; nothing was changed
holidays-policy-would-not-load = with these holidays the policy would not load, so nothing was written:
    { $errors }
holidays-need-yes = not written: without a terminal to ask on, pass --yes to write these holidays to { $path }
holidays-not-written = slaclock: not written; { $path } is as it was
holidays-cannot-write = cannot write the holidays to { $path }; it is as it was
holidays-changed = it changed while the import was being prepared; run the import again

## app: files written (init, export -o, metrics -o, --chart)
init-no-config-folder = no config folder (is HOME set?); give a PATH: slaclock init ./severity.toml
init-exists = { $path } already exists; pass --force to overwrite it with the default policy
init-cannot-write = cannot write the policy to { $path }
cannot-create-folder = cannot create the folder { $path }
file-not-a-name = that is not a file name; give one to write to
file-is-a-folder = that is a folder; give a file name to write to
file-no-folder = the folder { $path } does not exist; create it first or write elsewhere
file-cannot-create-temp = cannot create a temporary file in { $path }
file-cannot-flush = cannot flush the new file to disk
file-cannot-move = cannot move the new file into place
file-read-only = that file is not yours to write (mode { $mode }), and slaclock replaces a file only where it may write it; make it writable first (chmod u+w), or write elsewhere
file-cannot-flush-folder = cannot flush the folder { $path } to disk
file-is-special = that is { $kind }, not a regular file, and slaclock writes a file by replacing it whole; name a regular file
file-is-special-output = that is { $kind }, not a regular file, and slaclock writes a file by replacing it whole; name a regular file, or leave out -o to write to standard output and redirect that

## app: the other commands' refusals (open, status, escalate, void, policy, export, migrate, notify)
refuse-open-contract = --contract { $contract }: { $error }; nothing was recorded
refuse-show-contract = --contract { $contract }: { $error }
refuse-ref-differs = --ref { $reference } is already ticket { $id } (reported { $reported }), whose { $fields } { $n ->
        [one] differs
       *[other] differ
    }: { $held }; nothing was recorded. Give a new ticket another --ref, or see this one with: slaclock status { $number }
ref-differ-item = { $field } { $held } (you gave { $asked })
ref-differ-none = none
ref-differ-separator = { "; " }
ref-differ-comma = { ", " }
ref-differ-and = { $rest } and { $last }
ref-field-kind = kind
ref-field-severity = severity
ref-field-title = title
ref-field-customer = customer
ref-field-service = service
ref-field-contract = contract
refuse-not-yet-recorded = ticket { $id } was not yet recorded at { $at }
refuse-not-yet-reported = ticket { $id } was not yet reported at { $at }
refuse-escalate-reason = escalate needs --reason impact, slow or expectations
void-vanished = event { $event } of ticket { $id } vanished while it was voided
policy-version-missing = policy version { $version } is missing from the ticket log
policy-version-no-contract = a ticket is pinned to contract { $contract }, but policy version { $version } has { $error }
policy-version-unparsable = policy version { $version } in the ticket log no longer parses: { $error }
export-cannot-write-stdout = cannot write the export to standard output
migrate-empty = { $flag } is empty; give the path of an SQLite ticket log or a postgres:// URL
migrate-folder = { $flag } { $path } is a folder; give the path of a ticket log file
migrate-no-log = --from { $path }: there is no ticket log there; give the path of an existing log or a postgres:// URL
migrate-same-log = --from and --to are the same log ({ $log }); nothing to copy
migrate-not-empty = { $log } is not empty; migrate copies into an empty log only, so nothing is ever overwritten
migrate-progress = {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"} tickets, {"{"}rate{"}"}, {"{"}eta{"}"} left
migrate-notices-differ = the copy holds { $sent } notices sent by notify but the snapshot of { $from } holds { $held }; nothing was kept
migrate-counts-differ = the copy holds { $tickets } tickets, { $events } events and { $versions } policy versions but the snapshot of { $from } it was read from holds { $held_tickets }, { $held_events } and { $held_versions }; nothing was kept
notify-busy = slaclock: another notify is sending this log's alerts; this run sent nothing (the next run sends what is still new)
notify-cannot-claim = cannot make { $path }, which one notify at a time holds
notify-exec-or-webhook = give either --exec CMD or --webhook URL
notify-not-recorded = { $n ->
    [one] 1 event was sent but could not be recorded, so the next run may send it again
   *[other] { $n } events were sent but could not be recorded, so the next run may send them again
}
notify-failed = { $failed } of { $n } events could not be sent; they are tried again on the next run
notify-failed-left = { $failed } of { $n } events could not be sent and { $left } were left unsent after the receiver timed out; they are tried again on the next run
notify-left = { $left ->
    [one] slaclock: 1 more event was not sent: the receiver took longer than { $timeout } (--timeout), so this run tried it no more; the next run sends it
   *[other] slaclock: { $left } more events were not sent: the receiver took longer than { $timeout } (--timeout), so this run tried it no more; the next run sends them
}
notify-could-not-send = slaclock: could not send [{ $summary }]: { $why }; the next run tries again
refuse-exec-empty = --exec needs a shell command, such as --exec 'mail -s slaclock oncall@example.com'
refuse-webhook-url = --webhook needs an http:// or https:// URL, such as https://hooks.slack.com/services/...
refuse-webhook-port = --webhook URL has { $port } as its port; a port is a number from 1 to 65535 (http://127.0.0.1:8080/hook), or none for the scheme's own (80 for http, 443 for https)
send-cannot-run-sh = cannot run sh: { $error }
send-timed-out = the command did not finish within { $timeout } (--timeout) and was stopped
send-cannot-wait = cannot wait for the command: { $error }
send-exited = the command exited with { $code }
send-killed = the command was killed by signal { $signal }
send-ended = the command ended with { $status }
send-cannot-post = cannot POST to { $url }: { $error }
send-webhook-timed-out = { $url } did not answer within { $timeout } (--timeout)
send-answered = { $url } answered { $status }{ $said }

## app: reading the policy file and other whole files
read-policy-what = the policy file
read-policy-instead = give the path of a severity.toml
read-policy-limit = the 1 MiB a policy may be
read-ics-what = the iCalendar file
read-ics-instead = give the path of an .ics file
read-ics-limit = the 16 MiB an iCalendar file may be
read-cannot = cannot read { $what } { $path }
read-not-regular = { $what } { $path } is { $kind }, not a regular file; { $instead }
read-too-big = { $what } { $path } is { $bytes } bytes, over { $limit }; is it the right file?
read-grew = { $what } { $path } grew past { $limit } while it was read
file-kind-folder = a folder
file-kind-fifo = a FIFO (named pipe)
file-kind-device = a device
file-kind-socket = a socket
file-kind-other = not a regular file
file-kind-open-file = a link to a process's open file (as /dev/stdout is)
zone-file-is = it is { $kind }
policy-one-problem = { $problem } (the policy was not loaded; nothing was changed)
policy-problems = { $n } problems in the policy file { $path }; nothing was changed
    { $problems }

## rest: notify, status --ref, migrate
notify-sent = sent: { $summary }
notify-counts = { $sent } sent, { $failed } failed, { $held } held until their business hours
notify-counts-left = { $sent } sent, { $failed } failed, { $left } left unsent after a timeout, { $held } held until their business hours
status-no-ref = No ticket holds ref { $reference }.
migrate-copied = Copied { $tickets ->
        [one] 1 ticket
       *[other] { $tickets } tickets
    }, { $events ->
        [one] 1 event
       *[other] { $events } events
    } and { $versions ->
        [one] 1 policy version
       *[other] { $versions } policy versions
    } from { $from } to { $to }; the counts match.

## rest: status --explain
trace-head-promise = { $clock }: { $target } on the written promise (no pause moves it) on the { $calendar } calendar from { $start }

## rest: charts (report --chart, --restore-times)
chart-trend-title = Compliance by month, { $period }
chart-trend-subtitle = Incidents by severity, each ticket judged under { $policy }; the target is every ticket in time
chart-panel-response = Initial response met (% of tickets judged)
chart-panel-updates = Updates on time (% of tickets whose updates started)
chart-panel-restore = Restore met (% of incidents judged)
chart-legend-severity = severity { $severity }
chart-legend-target = target: 100% in time
chart-restore-title = Counted time to restore, { $period }
chart-restore-subtitle = Resolved incidents by severity, judged under { $policy }; light within each incident's own target, dark over it, each line a target
chart-restore-none = Severity { $severity }: no resolved incident
chart-restore-caption = Severity { $severity }: { $n } resolved { $n ->
        [one] incident
       *[other] incidents
    }, { $over } over { $n ->
        [one] its target
       *[other] their target
    } (target { $targets })
chart-restore-x = hours counted towards the restore target (in its calendar, waiting excluded)
chart-restore-y = incidents
chart-restore-beyond = { $n } longer than { $reach } counted in the last bar
chart-hours = { $hours } h
chart-months-none = no month
chart-span = { $from } to { $to }
chart-policy-none = the policy recorded with each ticket (no ticket in the period)
chart-policy-one = policy version { $version }
chart-policy-many = policy versions { $versions } and { $last }
chart-period-opened = opened { $span }
chart-list-separator = { ", " }

## rest: the policy file's problems (sla::policy; each after FILE:LINE:COLUMN)
policy-not-duration = { $text } is not a duration ({ $error }); write it like "15m", "4h" or "1h 30m"
policy-unknown-unit = { $text } is not a duration: { $unit } is not a unit a policy reads; use s, m, h, d or w, or the words second, minute, hour, day and week (plural too, or sec, min, hr and wk for short), like "15m", "4h" or "1h 30m"
policy-duration-unit = { $text } is written in { $unit }, which a policy does not read: a month or a year has no fixed length, and "M" is one key from minutes ("m"); use s, m, h, d or w, like "15m", "4h" or "30d"
policy-part-second = { $text } is not a whole number of seconds; a target, threshold or repeat interval counts whole seconds, so leave out the part of a second
policy-too-long = { $text } is longer than 366 days; a target, threshold or repeat interval must be at most "366days"
policy-unreachable = { $text } counted on calendar { $calendar } could take more than { $years } years to reach; keep it within { $years } years: shorten it, or give the calendar more open hours
policy-zero = { $text } is zero; a target, threshold or repeat interval must be at least one second
policy-under-a-second = { $text } is less than a second; a target, threshold or repeat interval counts whole seconds, so write at least "1s"
policy-negative = { $text } is negative; a target, threshold or repeat interval must be at least one second, written like "15m"
policy-not-interval = { $text } is not an interval; write it as "HH:MM-HH:MM", like "09:00-17:00"
policy-interval-hint = { $text }: write it as "HH:MM-HH:MM", like "09:00-17:00"
policy-interval-time = { $text } has a time that is not HH:MM between 00:00 and 24:00
policy-interval-backwards = { $text } ends before it starts; write an overnight shift as two intervals, one each side of midnight
policy-interval-empty = { $text } is empty: it ends where it starts; give a range such as "09:00-17:00", or leave the day out to close it
policy-one = { $a }
policy-or-2 = { $a } or { $b }
policy-or-3 = { $a }, { $b } or { $c }
policy-and-2 = { $a } and { $b }
policy-and-3 = { $a }, { $b } and { $c }
policy-no-targets = severity { $sev } has no targets; add a [severity.{ $sev }] table with response = "{ $response }", update = "{ $update }" and restore = "{ $restore }"
policy-missing-targets = severity { $sev } has no { $names } target; add { $adds }
policy-severity-change = severity_change is { $value }; expected "retroactive" or "restart"
policy-at = { $what }: { $problem }
policy-level-at = escalation level { $level }: { $problem }
policy-pauses = waiting.pauses has { $value }; expected "response", "update" or "restore"
policy-24x7 = calendar "24x7" is built in and cannot be redefined; give yours another name
policy-unknown-calendar = { $what }: no calendar named { $name }; known: { $known }
policy-not-severity-table = [severity.{ $key }] is not a severity; expected 1, 2 or 3
policy-provisioning-restore = provisioning.restore: restore targets apply to incidents only; remove it
policy-level-order = escalation level { $level } is out of order; levels start at 1 and climb by one, so this one should be { $expected }
policy-after-severity = escalation.after has severity { $key }; expected 1, 2 or 3
policy-level-not-later = escalation level { $expected } is due after { $after } for severity { $key }, not later than level { $level }; thresholds must grow with the level
policy-too-many-levels = more than 9 escalation levels; keep the path short enough to climb
policy-timezone = calendars.{ $name }.timezone { $zone } is not an IANA time zone; write it like "Australia/Brisbane" or "Europe/London"
policy-overlap = calendars.{ $name }.{ $day }: { $interval } overlaps or comes before { $previous }; list a day's intervals in order without overlap
policy-no-open-hour = calendar { $name } has no open hour in the week, so no target on it could ever be met; add intervals such as mon = ["09:00-17:00"]
policy-holiday-date = calendars.{ $name }.holidays: { $date } is not a date; write it as "YYYY-MM-DD"
policy-not-utf8 = the file is not UTF-8 text (byte 0x{ $byte } here); save it as UTF-8
policy-toml = { $error }
policy-type = { $key }: { $error }
policy-type-example = { $key }: { $error }; write it like { $example }
policy-type-table = { $key }: { $error }; { $key } is a table: write { $header } on a line of its own, then lines such as { $example }
policy-type-levels = escalation: { $error }; each escalation level is a table: write { $header } on a line of its own, then lines such as { $example }, once for each level
policy-missing-field = { $key }: { $field } is missing; write it like { $example }
policy-duplicate-key = duplicate key { $key }: a key may be given once in its table
policy-duplicate-table = table { $table } is given twice; write its keys under one header
policy-unknown-key = unknown key { $key } in [{ $table }]; { $hint }
policy-unknown-top-key = unknown key { $key } at the top level of the file; { $hint }
policy-did-you-mean = did you mean { $near }?
policy-keys-there-are = the keys there are { $keys }
policy-contract-no-name = a contract needs a name; write it like [contracts.premium]
policy-customer-no-name = customers: a customer's name is empty; write the name tickets are opened with, like "ACME" = "premium"
policy-contract-not-severity = { $what }.severity.{ $key } is not a severity; expected 1, 2 or 3
policy-contract-no-base = { $what }.severity.{ $key }: the base policy has no severity { $key } to override; add a [severity.{ $key }] table first
policy-base-no-levels = the base policy has no escalation levels
policy-base-level-one = the base policy has level 1 only
policy-base-levels = the base policy has levels 1 to { $n }
policy-contract-not-level = { $what }.escalation.{ $key } is not an escalation level to override; { $levels }
policy-contract-empty-contact = { $what }.escalation.{ $key }: the contact is empty; write who to call, like "Premium desk <premium@example.com>"
policy-customer-no-contract = customers.{ $customer }: no contract named { $name }; { $known }
policy-customer-twice = customers.{ $customer }: { $other } is listed already, and customer names match whatever their case; keep one of them
policy-no-contracts = the policy defines no contracts
policy-defined-contracts = the policy defines: { $names }
policy-no-contract = no contract named { $name }; { $known }

## rest: holidays import (sla::holiday_list, sla::ics)
holidays-list-24x7 = calendar "24x7" is built in and has no holidays; name a business calendar of the policy
holidays-list-toml = cannot read it as TOML: { $error }
holidays-list-not-found = { $what } cannot be found in the text
holidays-list-not-list = calendars.{ $calendar }.holidays is not a list of dates; write it as holidays = ["2026-01-01"]
holidays-list-none = calendars.{ $calendar } has no holiday list to replace; add holidays = [] to it, then import again
holidays-list-no-calendars = it has no calendar named { $name }, nor any business calendar; add a [calendars.{ $calendar }] table first
holidays-list-no-calendar = it has no calendar named { $name }; its business calendars: { $known }
holidays-list-not-date = calendars.{ $calendar }.holidays has { $item }, which is not a date; write it as "YYYY-MM-DD"
ics-unparsed = this is not iCalendar the icalendar parser can read; check the line against RFC 5545 (NAME;PARAM=VALUE:VALUE)
ics-no-vcalendar = no VCALENDAR in the file; an iCalendar file starts with BEGIN:VCALENDAR
ics-with-skipped = { $problem } ({ $n } timed or cancelled skipped)
ics-no-event = the file has no all-day event to import
ics-too-many-years = this event runs the file to { $last }, { $years } years from its first ({ $first }); import at most { $max } years at a time with --years N
ics-not-utf8 = the file is not UTF-8 text (byte 0x{ $byte } here); save it as UTF-8
ics-empty = the file is empty; an iCalendar file starts with BEGIN:VCALENDAR
ics-not-ics = this is not an iCalendar file: it starts with { $start }, not BEGIN:VCALENDAR; export the holidays as an .ics file
ics-after-end = { $text } comes after END:VCALENDAR; a file holds one calendar, so end it there
ics-not-line = { $text } is not an iCalendar line; each line is NAME:VALUE, like DTSTART;VALUE=DATE:20260101
ics-end-mismatch = END:{ $value } does not close BEGIN:{ $begun } on line { $line }; add END:{ $begun } before it
ics-never-closed = BEGIN:{ $begun } is never closed; the file ends before END:{ $begun } (is it cut short?)
ics-too-deep = BEGIN:{ $begun } opens a component { $depth } levels deep, and components nest at most { $max } (like VCALENDAR > VEVENT > VALARM); close the one before it with its END first
ics-not-date = { $name } { $value } is not a date; write it as YYYYMMDD, like { $name };VALUE=DATE:20260101
ics-list-not-date = { $name } { $value } is not a date; an all-day event lists dates as YYYYMMDD, like { $name };VALUE=DATE:20260101
ics-no-dtstart = the event { $summary } has no DTSTART; give its first day, like DTSTART;VALUE=DATE:20260101
ics-end-and-duration = the event has both DTEND and DURATION; keep one
ics-timed-end = DTEND has a time but DTSTART is a date; an all-day event ends on a date, like DTEND;VALUE=DATE:20260102
ics-end-before-start = DTEND { $end } is not after DTSTART { $start }; DTEND is the day after the last day off
ics-duration = DURATION { $value } is not a whole number of days or weeks; an all-day event lasts P1D, P2D, P1W...
ics-too-long = the event { $summary } lasts { $days } days; a holiday lasts at most { $max }: is its end right?
ics-two-rules = the event has more than one RRULE; give each rule its own event
ics-timed-recurrence-id = RECURRENCE-ID has a time; an all-day occurrence is named by its date, like RECURRENCE-ID;VALUE=DATE:20260101
ics-rule-many = RRULE { $key }={ $value } lists more than one value; give each its own event
ics-rule-bad = RRULE { $key }={ $value } is not a valid value for { $key }
ics-rule-byday = RRULE BYDAY={ $value } is not a weekday with its place in the month; write it like BYDAY=2MO (the second Monday) or BYDAY=-1FR (the last Friday)
ics-rule-unsupported = RRULE { $key } is not supported for holidays; list those dates as events of their own
ics-rule-no-freq = RRULE has no FREQ; a yearly holiday is FREQ=YEARLY
ics-rule-not-yearly = RRULE FREQ={ $freq }: only yearly rules are expanded into holidays; list those dates as events of their own
ics-rule-count-until = RRULE has both COUNT and UNTIL; keep one
ics-rule-byday-bymonthday = RRULE has both BYDAY and BYMONTHDAY; keep one
ics-rule-byday-month = RRULE BYDAY needs BYMONTH in a yearly rule, like BYMONTH=1;BYDAY=2MO

## A bug's one line (check's stays English: it is for monitors)

panic-writer = internal error{ $place }: { $what }; please report it. The change may or may not have been recorded: look with `slaclock status` before repeating the command
panic-other = internal error{ $place }: { $what }; please report it
db-not-a-url = it starts like a URL ({ $scheme }), but a PostgreSQL URL starts with postgres:// or postgresql:// (lower case, two slashes); it was not taken for a file name (a file named so is given as ./NAME)
db-not-keywords = it starts like a PostgreSQL connection string ({ $keyword }=), but cannot be read from character { $at }: pairs are keyword=value, and a value with spaces or quotes is written in single quotes, as password='two words'; it was not taken for a file name
db-spaces = the path { $path } is blank or begins or ends with a space (a paste?); no such file exists, and a new log is not started under a name like that: remove the spaces
db-quoted = it is a PostgreSQL connection string with its quotes still on; remove them (an env file takes the value as written)
db-refused = { $flag } is not a ticket log: { $why }
pg-upgrade-needs-owner = its schema is version { $from } and this slaclock needs version { $to }; only the role that owns its tables may upgrade it (the server said: { $error }): run any slaclock command once as that role, the one that created the log, and every role works again
pg-cert-unknown-issuer = the server's certificate is not signed by a certificate authority slaclock trusts (the system's); if a private CA signed it, name that CA's certificate file with sslrootcert
pg-cert-unknown-issuer-file = the server's certificate is not signed by a certificate authority slaclock trusts (those in { $path }, which { $by } names); check { $by }
pg-cert-unknown-issuer-default = the server's certificate is not signed by a certificate authority slaclock trusts (those in { $path }, libpq's default when sslrootcert is not given); check that file, or name another with sslrootcert
pg-cert-wrong-name = the server's certificate is not for the host name { $expected } (it names { $presented }); connect by a name it holds, or use sslmode=verify-ca
pg-tls-no-common-version = the server offers no TLS version slaclock speaks (TLS 1.2 and 1.3); the server's ssl_min_protocol_version and ssl_max_protocol_version must allow one of them
pg-cert-expired = the server's certificate has expired; the server needs a new one
pg-cert-ca-as-server = the server presents a certificate authority's own certificate (CA:TRUE) as its certificate, and it is not among the roots slaclock trusts; name that certificate itself in sslrootcert, or give the server a certificate signed by a trusted authority
pg-cert-ca-as-server-system = the server presents a certificate authority's own certificate (CA:TRUE) as its certificate, and it is not among the roots slaclock trusts (the system's); name that certificate itself in sslrootcert, or give the server a certificate signed by a trusted authority
pg-cert-ca-as-server-file = the server presents a certificate authority's own certificate (CA:TRUE) as its certificate, and it is not among the roots slaclock trusts (those in { $path }, which { $by } names); name that certificate itself in { $by }, or give the server a certificate signed by a trusted authority
pg-cert-ca-as-server-default = the server presents a certificate authority's own certificate (CA:TRUE) as its certificate, and it is not among the roots slaclock trusts (those in { $path }, libpq's default when sslrootcert is not given); name that certificate itself in sslrootcert, or give the server a certificate signed by a trusted authority
migrate-reading = reading { $log } (--from)
migrate-writing = writing { $log } (--to)
