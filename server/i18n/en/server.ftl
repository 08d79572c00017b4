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
err-deadline-over = --deadline { $deadline } with { $days ->
    [one] { $days } grace day
   *[other] { $days } grace days
  } is already over: members could send nothing; give a later deadline
err-hours = --hours { $hours }: give 1–336 hours (at most two weeks)
err-backup-exists = { $file }: already exists; choose a new file for each backup
err-round-open = the round for { $year } is still open: members may still submit or correct, so this would not be the year's final figure. Close it first (`samla-server round close --year { $year }`), or add --allow-open-round for a preliminary run.
err-random = the system random generator failed
err-cannot-listen = cannot listen on { $addr }
init-done = Initialised { $dir }.
init-key = Server receipt key (members pin it with `samla init`):
keygen-done = Admin identity written to { $file } (passphrase-protected, mode 0600).
keygen-give = Give this recipient to the members (their --admin-recipients file):
recipients-set = The server now advertises { $n ->
    [one] { $n } admin recipient
   *[other] { $n } admin recipients
  }.
org-enrolled = Enrolled { $org }.
org-disabled-tag = { $org } (disabled)
org-rekeyed = { $org } now signs with { $key }; the old key is refused from now on.
org-disabled = { $org } is disabled: its uploads are refused (what it sent before still counts).
org-enabled = { $org } may upload again.
audit-intact = The audit log is intact: { $entries ->
    [one] { $entries } entry
   *[other] { $entries } entries
  }, every receipt's head among them.
audit-head = head { $head }
audit-broken = samla-server: the audit log is NOT intact: entry { $id }: { $why }.
audit-exported = Wrote { $n ->
    [one] { $n } audit entry
   *[other] { $n } audit entries
  } to { $file }.
round-deadline-changed = Note: the last day changed from { $old } to { $new }.
round-opened = Round { $year } is open; last day { $deadline }; late reports taken until the end of { $grace }.
round-closed = Round { $year } is closed; uploads for { $year } are refused from now on.
round-correction = { $org } may send a corrected batch for { $year } until { $until }; the round stays closed for everyone else.
token-new = New admin token (shown once; the server keeps only its hash; any earlier token stops working):
remind-sent = { $n ->
    [one] { $n } reminder sent
   *[other] { $n } reminders sent
  }
remind-dry = { $n ->
    [one] { $n } reminder would be sent
   *[other] { $n } reminders would be sent
  }
remind-would-send = would send to { $org } <{ $to }> ({ $days ->
    [one] { $days } day
   *[other] { $days } days
  } before the { $year } deadline): { $subject }
backup-done = Backed up { $from } to { $file } (integrity check ok).
restore-done = Restored { $from } into { $dir }.
aggregate-preliminary = samla-server: the round for { $year } is still open: a preliminary aggregate, members may still submit or correct.
aggregate-internal = INTERNAL — unprotected counts, not for publication
aggregate-hidden = hidden
aggregate-summary = Year { $year }: { $persons } people ({ $direct } direct, { $indirect } indirect); { $multi } reported by more than one member; members' raw sum { $raw }; range { $lower }–{ $upper }.
aggregate-wrote = Wrote { $file }
aggregate-left-out = samla-server: { $n ->
    [one] { $n } batch could not be read and is NOT
   *[other] { $n } batches could not be read and are NOT
  } in the report (the members are marked unreadable in `status`):
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
status-summary = { $received } of { $expected ->
    [one] { $expected } member has
   *[other] { $expected } members have
  } submitted ({ $on_time } on time, { $late } late); { $missing } missing.
status-missing-list = Missing: { $orgs }
status-unreadable-list = Received but unreadable (must send again): { $orgs }
reminder-subject = Reminder: statistics for { $year } to Plattformen Civila Sverige mot människohandel
reminder-when-before = The deadline is { $last_day }, in { $days ->
    [one] { $days } day
   *[other] { $days } days
  }.
reminder-when-after = The deadline was { $last_day }. Reports are still accepted until { $grace }.
reminder-body =
    Hello,
    {""}
    we have not yet received your statistics for { $year } ({ $org }). { $when }
    {""}
    Open Samla on the computer you send the statistics from (Starta Samla),
    check your file and press Send.
    {""}
    Names and other identifying details never leave your computer.
    Questions: reply to this message.
reminder-note = Reminder (English): we have not yet received your statistics for { $year } ({ $org }). { $when } Open Samla, check your file and press Send.
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

## Command-line help (`samla-server --help`, `samla-server COMMAND --help`).
help-usage = Usage:
help-commands = Commands
help-options = Options
help-arguments = Arguments
help-flag-help = Print help
help-flag-version = Print version
help-any--data = The server's data directory
help-any--year = The reporting year
help-any--out = The file or directory to write
help-any--org_id = The member's id (e.g. kvinnojouren-a)
help-any--public_key = The member's public key (samla-ed25519:…), the last line printed by `samla init` or `samla rekey`
help-any--file = The file of admin recipients (age1…)
help-any--from = The backup file to restore
help-any--dry_run = Print the reminders that are due instead of sending them
help-any--config = The deployment's configuration: round schedule, reminders, SMTP, member addresses (docs/OPERATIONS.md)
help-samla-server = Samla collector: stores members' encrypted batches, runs the yearly rounds, and lets the admin decrypt, link, merge and publish the annual aggregate.
help-samla-server--lang = Language of messages and of the report: sv (default) or en
help-samla-server-audit = The tamper-evident audit log: verify its chain, export it.
help-samla-server-audit-verify = Check the hash chain of the audit log and that every receipt's audit head is in it. Exit status 0 when intact (prints the entry count and the head hash to keep elsewhere), 4 when an entry was deleted, inserted or edited.
help-samla-server-audit-export = Write the audit log as JSON lines (id, at, action, detail, hash), mode 0600.
help-samla-server-init = Create a new data directory: database, receipt-signing key (0600).
help-samla-server-init--admin_recipients = File of admin recipients (age1…) that the server advertises to clients
help-samla-server-admin-keygen = Create the admin identity (age X25519), encrypted with a passphrase (SAMLA_PASSPHRASE or a prompt). Prints the recipient (age1…) on the last line.
help-samla-server-admin-recipients = Set the admin recipients the server advertises.
help-samla-server-org = Enrol members.
help-samla-server-org-add = Enrol a member's public signing key (printed by `samla init`).
help-samla-server-org-list = List enrolled members.
help-samla-server-org-rekey = Replace a member's key (a lost or compromised key, or `samla rekey`): the old key is refused from now on; batches it signed before stay verifiable.
help-samla-server-org-disable = Refuse every upload of a member from now on (what it sent before still counts).
help-samla-server-org-enable = Let a disabled member upload again.
help-samla-server-round = Collection rounds.
help-samla-server-round-open = Open the round for a reporting year.
help-samla-server-round-open--deadline = YYYY-MM-DD (uploads on that day are on time)
help-samla-server-round-open--grace_days = Days after the deadline when late reports are still taken (0–90); refused after
help-samla-server-round-open--reopen = Reopen a round that was closed (written to the audit log)
help-samla-server-round-close = Close (freeze) the round for a reporting year.
help-samla-server-round-allow-correction = Let one member send a corrected batch for a closed round, for a limited time, without reopening the round for everyone (written to the audit log).
help-samla-server-round-allow-correction--org = The member's id
help-samla-server-round-allow-correction--hours = How long the exception lasts, in hours (1–336)
help-samla-server-serve = Run the HTTP API (and, with --config, the round scheduler and reminders).
help-samla-server-serve--listen = Address to listen on, e.g. 127.0.0.1:8443 (port 0 picks a free port)
help-samla-server-serve--config = The deployment's configuration: round schedule, reminders, SMTP, member addresses (docs/OPERATIONS.md)
help-samla-server-serve--body_timeout_secs = Seconds a client has to send a whole upload body (slow clients are cut off)
help-samla-server-status = Completeness of a year's round: expected, received, on time, late, missing, superseded.
help-samla-server-status--json = Print JSON (the shape of GET /v1/rounds/{"{"}year{"}"}/status)
help-samla-server-admin-token = Issue a new admin API token (for GET /v1/rounds/{"{"}year{"}"}/status); printed once.
help-samla-server-remind = Send the reminders due now (what the scheduler does), or print them with --dry-run.
help-samla-server-backup = Copy the store to a file with SQLite's online backup API (safe while serving).
help-samla-server-restore = Put a backup in place as the store of a data directory (server stopped).
help-samla-server-aggregate = Decrypt, link, merge and write report.json, report.csv and report.html.
help-samla-server-aggregate--identity = The passphrase-protected admin identity (passphrase from SAMLA_PASSPHRASE or a prompt)
help-samla-server-aggregate--out = The directory the report is written to
help-samla-server-aggregate--internal = Unprotected counts for the admin's own checks, marked INTERNAL
help-samla-server-aggregate--previous = The previous year's report.json: key tables then show both years and the change
help-samla-server-aggregate--accept_unreadable = Finish with exit status 0 even when some members' batches could not be read (they are left out and listed in the report). Without it such a run writes the report but exits with status 3, so nobody publishes without noticing.
help-samla-server-aggregate--allow_open_round = Aggregate although the round is still open (a preliminary run; audited)
err-identity-unreadable = { $file }: cannot read the admin identity
err-cannot-read = { $file }: cannot read
err-previous-not-report = { $file }: not a report.json written by samla-server aggregate
err-previous-year = { $file }: is the report for { $found }, not for a year before { $year }
err-no-batches = no batches stored for { $year }: nothing to aggregate
err-no-batch-readable = no batch for { $year } could be read ({ $n } left out): nothing to aggregate
err-cannot-create-dir = { $dir }: cannot create the output directory
err-cannot-write = { $file }: cannot write
err-no-smtp = reminders are configured but [smtp] is not

## Operator accounts and the platform's dashboard in the browser (/admin).
help-samla-server-operator = Operator accounts of the dashboard in the browser (/admin).
help-samla-server-operator-add = Create an operator account, or give it a new password (SAMLA_OPERATOR_PASSWORD or a prompt; at least 12 characters).
help-samla-server-operator-disable = Disable an operator account (it can no longer log in).
help-samla-server-operator-list = List operator accounts.
help-any--name = The operator's user name
operator-password-prompt = Password for the operator:{" "}
operator-added = Operator { $name } can log in at /admin.
operator-disabled = Operator { $name } is disabled.
err-operator-name = { $name } cannot be a user name: letters a–z, digits and - _ . @ (at most 64).
err-operator-password-short = the password is too short: at least { $min } characters.
err-operator-unknown = there is no enabled operator account { $name }
err-no-address = there is no e-mail address for { $org } in the configuration ([members])
dash-title = Samla – the collection
dash-nav = Pages
dash-rounds = Rounds
dash-logout = Log out
dash-signed-in-as = Signed in as { $name }
dash-bad-origin = Refused: changes are made from the dashboard's own pages only.
dash-login-title = Log in – Samla
dash-login-name = User name
dash-login-password = Password
dash-login-button = Log in
dash-login-wrong = Wrong user name or password.
dash-login-wait = Too many failed logins. Wait { $secs } seconds and try again.
dash-received-of = { $received } of { $expected }
dash-no-rounds = No round is open or scheduled yet.
dash-col-year = Year
dash-col-state = State
dash-col-opens = Opens
dash-col-deadline = Last day
dash-col-grace = Grace period ends
dash-col-received = Received
dash-col-member = Member
dash-col-status = Status
dash-col-last-receipt = Last receipt
dash-col-corrected = Corrected
dash-col-reminders = Reminders sent
dash-col-action = Action
dash-open-heading = Open a round
dash-deadline-label = Last day (sent on that day is on time; 14 days' grace after)
dash-open-button = Open …
dash-members = Members
dash-member-enabled = enabled
dash-member-disabled = disabled
dash-enable = Enable …
dash-disable = Disable …
dash-add-heading = Enrol a member
dash-org-label = Member id
dash-key-label = The member's public key (samla-ed25519:…)
dash-add-button = Enrol …
dash-round-title = The { $year } round
dash-round-state = State: { $state }.
dash-next-reminder = Next reminder
dash-no-next-reminder = No reminder is scheduled.
dash-summary = { $received } of { $expected } have sent ({ $on_time } on time, { $late } late); { $missing } missing.
dash-completeness = The members
dash-reminder-by-hand = { $at } (by an operator)
dash-reminder-scheduled = { $at } ({ $days ->
    [one] { $days } day
   *[other] { $days } days
  } before)
dash-remind-now = Remind now …
dash-corrected = yes, { $n ->
    [one] { $n } time
   *[other] { $n } times
  }
dash-close-round = Close the round …
dash-no-smtp = Reminders cannot be sent from here: the server has no SMTP configuration, or the round is not open.
dash-confirm-title = Confirm
dash-confirm-open = Open the round for { $year } with last day { $deadline }?
dash-confirm-close = Close the round for { $year }? Uploads are no longer taken.
dash-confirm-remind = Send { $org } a reminder about { $year } now?
dash-confirm-add = Enrol { $org } with the key { $key }?
dash-confirm-disable = Disable { $org }? Its uploads are refused from now on (what it sent still counts).
dash-confirm-enable = Enable { $org } again?
dash-confirm-yes = Yes, do it
dash-confirm-no = Cancel
dash-unknown-action = There is no such action.
dash-done-title = Action
dash-bad-csrf = Refused: the form does not belong to this login. Reload the page and try again.
dash-back = Back
dash-need-year = Give a year.
dash-need-org = Give a member.
dash-need-deadline = Give the last day.
dash-reminded = A reminder about { $year } was sent to { $org }.

## Invitations and the key custodian
org-invited = The invitation for { $org } can be used once until { $until } ({ $days ->
    [one] { $days } day
   *[other] { $days } days
  }). Give the member the code on the next line; it is shown only now:
err-invite-days = An invitation is valid for 1–90 days.
err-invite-url = { $url } cannot be the server's address: it must start with https:// (or http://127.0.0.1 for a test on this computer).
err-invite-no-url = The server does not know its address yet. Give it once with `samla-server public-url https://…` (the address members reach the server at), or with --url here.
err-invite-no-custodian = No key custodian has been named yet. The custodian runs `samla custodian init` and you enrol its key with `samla-server custodian set`; then you can invite members.
custodian-set = The key custodian is named (fingerprint { $fingerprint }). New invitations carry the fingerprint.
custodian-is = The key custodian's key: { $key } (fingerprint { $fingerprint })
custodian-none = No key custodian has been named.
custodian-waiting = { $n ->
    [0] Every enrolled member has the linkage key.
    [one] { $n } member waits for the linkage key: { $members }
   *[other] { $n } members wait for the linkage key: { $members }
  }
help-samla-server-org-invite = Make an invitation for a member: one code, single use, expiring, carrying the server's address, the server's and the key custodian's key fingerprints and a one-time token. The member's `samla init --invite CODE` (or the window's set-up) needs nothing else. Printed on the last line; only a hash of its token is kept.
help-samla-server-org-invite--days = Days the invitation can be used
help-samla-server-org-invite--url = The server's address as members reach it (https://…); remembered for later invitations
help-samla-server-custodian = The key custodian, who delivers the linkage secret to members (`samla custodian`).
help-samla-server-custodian-set = Name the key custodian by its key (printed by `samla custodian init`). Invitations carry its fingerprint; the server stores only envelopes it signed.
help-samla-server-custodian-set--key = The key custodian's public key (samla-ed25519:…)
help-samla-server-custodian-show = Show the custodian's key and which members still wait for the linkage secret.
aggregate-linkage-id-none = (no id: an older version)
err-mixed-linkage = The batches for { $year } were made with { $n } different linkage secrets and cannot be linked: the same person would be counted more than once. Nothing was written. The members per linkage secret (id):
dash-service-name = Samla – the platform's dashboard
dash-confirm-invite = Make an invitation for { $org }? The code is shown once on the next page and is valid for 14 days.
dash-problem = There is a problem
dash-invitation-code = Invitation code for the member
dash-invitation-hint = Send the code to the member's contact person. It is shown only now and can be used once.
dash-linkage-waiting = Waiting for the linkage key
dash-linkage-ok = Has the linkage key
dash-col-linkage = Linkage key
dash-invitations = Invitations
dash-invitation-used = Used { $at }
dash-invitation-open = Valid until { $until }
dash-col-made = Made
dash-invite-heading = Invite a member
dash-invite-text = The member pastes the code into Samla; nothing else is needed. The keys are enrolled by themselves, and the linkage key arrives when the key custodian delivers.
dash-org-hint = Lower-case letters, digits and hyphens, for example kvinnojouren-a.
dash-invite-button = Make an invitation …
err-remind-disabled = { $org } is disabled and cannot send: no reminder was sent.
public-url-set = Invitations now point to { $url }.
help-samla-server-public-url = The address members reach the server at (https://…), put in invitation codes.
help-samla-server-public-url--url = The server's address, for example https://samla.plattformen.example
dash-invite-no-url = The server's address for invitations is not set yet. It is set once when the server is installed (the operations guide, "Inviting members"); then members can be invited from here.
dash-invite-no-custodian = No key custodian has been named yet. The custodian makes its key and you enrol it (the operations guide, "The key custodian"); then members can be invited from here.
dash-login-busy = The server is already checking a login for this account, or many at once. Try again in a moment.
err-audit-chain-removed = The audit log's hash chain has been removed from the database ({ $why }). It is not rebuilt: restore a backup and run `samla-server audit verify`.
help-samla-server-audit-verify--server_key = The server's receipt key as members pinned it (samla-ed25519:…); receipts are checked against it, not against the key file in the data directory
help-samla-server-audit-verify--receipts = Members' receipt folders (or files): each receipt must be signed by the server's key, its head be in the chain and its batch still be stored
help-samla-server-audit-verify--head = A head printed by an earlier `audit verify` and kept elsewhere: it must still be in the chain
dash-linkage-by-hand = Handed out by hand (not through Samla)
