# The platform's command line (samla-server), English. Whole sentences with arguments.
error-line = samla-server: error: { $message }
err-passphrase-short-env = SAMLA_PASSPHRASE: use a passphrase of at least { $min } characters
err-passphrase-none = no passphrase: set SAMLA_PASSPHRASE or run in a terminal
err-passphrase-differ = the passphrases differ
err-passphrase-short = use a passphrase of at least { $min } characters
passphrase-prompt = Passphrase:{" "}
passphrase-repeat = Repeat passphrase:{" "}
err-year = --year { $year }: give a four-digit reporting year between 2020 and 2100
err-identity-exists = { $file }: already exists; refusing to overwrite an identity
err-org-id = { $org }: a member id is 2–64 characters of a–z, 0–9, - and _, starting with a letter or digit
err-public-key = --public-key: not a Samla public key; copy the last line printed by `{ $command }` (samla-ed25519:…)
err-grace-days = --grace-days { $days }: give 0–90 days
err-deadline-format = --deadline { $deadline }: give a date as YYYY-MM-DD
err-deadline-over = --deadline { $deadline } with { $days } grace day(s) is already over: members could send nothing; give a later deadline
err-hours = --hours { $hours }: give 1–336 hours (at most two weeks)
err-backup-exists = { $file }: already exists; choose a new file for each backup
err-round-open = the round for { $year } is still open: members may still submit or correct, so this would not be the year's final figure. Close it first (`samla-server round close --year { $year }`), or add --allow-open-round for a preliminary run.
err-random = the system random generator failed
err-cannot-listen = cannot listen on { $addr }
init-done = Initialised { $dir }.
init-key = Server receipt key (members pin it with `samla init`):
keygen-done = Admin identity written to { $file } (passphrase-protected, mode 0600).
keygen-give = Give this recipient to the members (their --admin-recipients file):
recipients-set = The server now advertises { $n } admin recipient(s).
org-enrolled = Enrolled { $org }.
org-disabled-tag = { $org } (disabled)
org-rekeyed = { $org } now signs with { $key }; the old key is refused from now on.
org-disabled = { $org } is disabled: its uploads are refused (what it sent before still counts).
org-enabled = { $org } may upload again.
audit-intact = The audit log is intact: { $entries } entries, every receipt's head among them.
audit-head = head { $head }
audit-broken = samla-server: the audit log is NOT intact: entry { $id }: { $why }.
audit-exported = Wrote { $n } audit entries to { $file }.
round-opened = Round { $year } is open; deadline { $deadline }; late reports taken until { $grace }.
round-closed = Round { $year } is closed; uploads for { $year } are refused from now on.
round-correction = { $org } may send a corrected batch for { $year } until { $until }; the round stays closed for everyone else.
token-new = New admin token (shown once; the server keeps only its hash; any earlier token stops working):
remind-sent = { $n } reminder(s) sent
remind-dry = { $n } reminder(s) would be sent
remind-would-send = would send to { $org } <{ $to }> ({ $days } days before the { $year } deadline): { $subject }
backup-done = Backed up { $from } to { $file } (integrity check ok).
restore-done = Restored { $from } into { $dir }.
aggregate-preliminary = samla-server: the round for { $year } is still open: a preliminary aggregate, members may still submit or correct.
aggregate-internal = INTERNAL — unprotected counts, not for publication
aggregate-hidden = hidden
aggregate-summary = Year { $year }: { $persons } people ({ $direct } direct, { $indirect } indirect); { $multi } reported by more than one member; members' raw sum { $raw }; range { $lower }–{ $upper }.
aggregate-wrote = Wrote { $file }
aggregate-left-out = samla-server: { $n } batch(es) could not be read and are NOT in the report (the members are marked unreadable in `status`):
aggregate-left-out-item = {"  "}{ $org } (batch { $batch }): { $reason }
aggregate-not-publishable = samla-server: not publishable as is: ask the member(s) to send again (`round allow-correction` if the round is closed), or rerun with --accept-unreadable to publish without them.
serve-listening = samla-server listening on { $url }
status-round = Round { $year }: { $state }
status-opens = opens
status-deadline = deadline
status-grace-ends = grace ends
status-closes = closes
status-col-member = member
status-col-status = status
status-col-received = received
status-col-versions = versions
status-col-superseded = superseded
status-missing = MISSING
status-unreadable = UNREADABLE
status-on_time = on time
status-late = late
status-summary = { $received } of { $expected } members have submitted ({ $on_time } on time, { $late } late); { $missing } missing.
status-missing-list = Missing: { $orgs }
status-unreadable-list = Received but unreadable (must send again): { $orgs }
reminder-subject = Reminder: statistics for { $year } to Plattformen Civila Sverige mot människohandel
reminder-when-before = The deadline is { $last_day }, in { $days } days.
reminder-when-after = The deadline was { $last_day }. Reports are still accepted until { $grace }.
reminder-body =
    Hello,
    {""}
    we have not yet received your statistics for { $year } ({ $org }). { $when }
    {""}
    Fill in the template and send it with:
        samla submit FILE --year { $year }
    {""}
    Names and other identifying details never leave your computer.
    Questions: reply to this message.
reminder-note = Reminder (English): we have not yet received your statistics for { $year } ({ $org }). { $when }
    Send them with `samla submit FILE --year { $year }`.
err-store-not-initialised = { $dir }: not a Samla data directory (run `samla-server init --data { $dir }` first)
err-store-initialised = { $dir }: already initialised
err-org-exists = member "{ $org }" is already enrolled
err-org-unknown = member "{ $org }" is not enrolled
err-no-round = there is no collection round for { $year }
err-round-closed = the round for { $year } is closed; reopening it changes what members were told is final: add --reopen to do it anyway (written to the audit log)
round-state-open = open
round-state-closed = closed
round-state-scheduled = scheduled
round-state-none = no round
