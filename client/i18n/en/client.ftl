# The member's command line (samla), English. Whole sentences with arguments; ids say what the
# message is for (err-… for errors, the command first for its output).
error-line = samla: error: { $message }
err-file-exists = { $file } already exists; choose another file name
err-no-config-dir = no configuration directory: give --config DIR or set SAMLA_CONFIG
err-bad-config = { $file }: not a valid Samla configuration
err-already-configured = { $dir } is already configured; change it with `samla init --reconfigure …` (the same --org), or use another --config
err-not-a-url = { $url } is not a web address (e.g. https://samla.example.se)
err-plain-http = { $url }: plain http:// is only allowed to this machine (127.0.0.1, ::1, localhost); use https://
err-unsupported-scheme = { $url }: the scheme { $scheme } is not supported; use https://
err-outbox-busy = another `samla submit` is running ({ $detail }); try again when it has finished
err-outbox-damaged = { $file }: damaged outbox entry
err-outbox-ciphertext-missing = { $file }: its ciphertext is missing
err-admin-recipients-differ = the server advertises admin recipients other than the ones pinned in your configuration. Nothing was sent. Contact the platform: the server may be compromised.
err-receipt-key-differs = the server shows a different receipt key than the one pinned at `samla init`. Nothing was sent. Contact the platform.
err-rekey-outbox-not-empty = batches signed with the old key are waiting in the outbox: send them first (samla submit --retry), then change the key
err-unknown-year = --year { $year }: there is no data format for reporting year { $year } (Samla knows 2020–2100)
err-not-configured = { $dir }: there is no Samla configuration here. Run `samla init` first (or give --config DIR)
err-bad-recipients-file = { $file }, line { $line }: not an age recipient (age1…). Use the file the platform sent, unchanged
err-no-server-key = no server key is pinned yet (it is pinned at the first submit)
err-server-receipt-invalid = a receipt from the server does not verify with the pinned key
err-server-receipts-foreign = the server answered with receipts of another member or year
err-receipt-mismatch = the receipt does not match the batch that was sent; the batch stays in the outbox
err-server-unreachable = The platform's server could not be reached just now. Try again in a while; what waits in the outbox is sent then.
err-server-refused = The server did not take the batch, for a reason this version of Samla does not know. Contact the platform.
err-server-refused-round_closed = The server did not take the batch: the round for the year is closed. Contact the platform if you need to correct your report.
err-server-refused-stale_batch = The server did not take the batch: it already has a newer batch from you for the year. Check the file and send it again if it is the latest.
err-server-refused-bad_member = The server does not know your organisation. Contact the platform.
err-server-refused-too_many_uploads = The server is taking too many uploads from you just now; the batch waits and is sent again.
err-server-bad-answer = The platform's server answered in a way Samla does not understand. Try again later, and contact the platform if it does not work.
reading-file = Reading and checking { $file }…
validate-rows-valid = { $file }: { $rows ->
    [one] { $rows } row is valid
   *[other] { $rows } rows are valid
  } for { $year }. Nothing was sent.
template-written = Template written: { $file }
template-sheet-data = Data
template-sheet-codes = Codes
template-sheet-instructions = Instructions
template-not-in-list = Value not in the list
template-several-values = Several values: separate them with semicolons.
template-instructions-text =
    Samla – statistics template { $year }
    {""}
    One row per person you met during the year. Leave a cell empty when it is not known.
    The columns own case reference, names, birth date, personal number, dossier number and 'related to' NEVER leave your computer:
    they are only used to compute keys so the same person is counted once even when several organisations met them.
    Birth date: YYYY-MM-DD, YYYY-MM or just YYYY.
    Listed columns: pick from the list. Where several values are allowed, separate them with semicolons.
    Children and other relatives: choose the relation and write the victim's own case reference in 'Related to'.
    Check the file with: samla validate FILE --year YEAR. See exactly what is sent with: samla preview FILE --year YEAR.
preview-full-intro = This is exactly the text that is encrypted and sent (with a new batch id and time on each run). Names, birth dates, personal numbers and case ids are not in it; they are replaced by keys only members can compute.
preview-heading = Preview of { $file } ({ $people ->
    [one] { $people } person
   *[other] { $people } people
  }, { $year })
preview-sent-heading = SENT (encrypted so that only the platform's admin can read it):
preview-field-filled = as in the file (the code)
preview-field-empty = empty in the file – not sent
preview-birth-year = the birth year and whether the date was full, month or year only – not the date
preview-record-refs = keys only your organisation can compute from your case ids
preview-linkage-keys = encoded linkage keys of names, birth date and id numbers; cannot be turned back without the members' shared secret key
preview-kept-heading = STAYS WITH YOU (never sent in any readable form):
preview-all-records = { $n ->
    [one] { $n } record
   *[other] { $n } records
  } in all. Nothing was sent. The whole batch: samla preview --full
seal-in-outbox = The batch is encrypted and in the outbox: { $id }
seal-replaced = samla: { $batch }: replaced in the outbox by the new batch for { $year } (it was never received)
submit-key-pinned-now = The server's receipt key is now pinned: { $key }
submit-outbox-empty = The outbox is empty; nothing to send.
submit-waiting = Batches waiting in the outbox: { $n }. They are encrypted and will be sent by `samla submit --retry` (or the next `samla submit`).
submit-unreachable = The server could not be reached.
submit-receipt-saved = Receipt saved: { $file }
submit-refused-moved = The server did not accept the batch and will not; it was moved to { $file }
submit-bad-answer = The server's answer could not be accepted; do not count the batch as submitted.
receipt-heading = Received and stored by the server (signed receipt):
receipt-member = member
receipt-year = year
receipt-batch = batch
receipt-sha256 = sha256
receipt-received = received
receipt-supersedes = supersedes
status-waiting = Batches waiting in the outbox: { $n } (send with `samla submit --retry`)
status-no-receipts = No receipts yet.
status-year = Year { $year }:
status-receipts-here = Receipts kept here:
status-none = none
status-latest = {"  "}← latest
status-superseded = {"  "}(superseded)
status-receipt-invalid = { $file }: INVALID receipt (signature does not verify)
status-on-server = On the server (receipts verified with the pinned key):
status-no-batches = no batches
status-counted = {"  "}← the one counted
status-counts-latest = The server counts your latest batch.
status-counts-other = NOTE: the server does not count the batch you last got a receipt for. Contact the platform.
status-unknown-batch = The server holds a batch with no receipt here (sent from another computer?).
status-counts-none = The server counts no batch for the year.
status-server-unreachable = The server could not be asked; showing only what is kept here. ({ $detail })
init-configured = Samla is configured for { $org } in { $dir }.
init-server-key-pinned = The server's receipt key is pinned: { $key }
init-give-public-key = Give the organisation's public key to the platform's admin:
init-server-unreachable = Warning: the server could not be reached; its key will be pinned at first contact ({ $detail })
linkage-secret-written = New linkage secret written (readable by you only): { $file }
linkage-secret-give = Give it to each member encrypted to that member (e.g. with age), never to the platform's admin or server.
rekey-done = A new signing key for { $org } is made; the old one is kept beside it. Give the new public key to the platform's admin (samla-server org rekey); until then uploads are refused:
recipients-updated = The admin recipients are updated ({ $n ->
    [one] { $n } recipient
   *[other] { $n } recipients
  }). The next upload is encrypted to them.
recipients-server-unreachable = Warning: the server could not be reached; the recipients are pinned without comparing them with what it advertises ({ $detail })

## Command-line help (`samla --help`, `samla COMMAND --help`).
help-usage = Usage:
help-commands = Commands
help-options = Options
help-arguments = Arguments
help-flag-help = Print help
help-flag-version = Print version
help-samla = Samla: send your organisation's yearly statistics to the platform without any person ever being identifiable outside your organisation.
help-samla--config = Configuration directory (default: ~/.config/samla; on Windows %APPDATA%\samla)
help-samla--lang = Language of messages: sv (default) or en
help-samla--quiet = No progress bars and no informational lines (for scripts); errors are still printed
help-samla-init = Set up this organisation with the invitation code from the platform (--invite CODE): keys are made and enrolled, and the linkage secret arrives by itself from the key custodian. (The older way with --org, --server, --admin-recipients and --linkage-secret remains; it prints the public key on the last line for the platform's admin.)
help-samla-init--org = Your organisation's member id, as the platform enrolled it (e.g. kvinnojouren-a)
help-samla-init--server = The platform's server address (https://…)
help-samla-init--admin_recipients = File with the admin recipients (age1…), from the platform
help-samla-init--linkage_secret = The linkage-secret file from the key custodian (mode 0600)
help-samla-init--server_key = The server's receipt key (samla-ed25519:…); fetched from the server when not given
help-samla-template = Write an empty template for a reporting year.
help-samla-template--year = The reporting year (e.g. 2024)
help-samla-template--format = xlsx (Excel, with drop-down lists) or csv
help-samla-template--out = The file to write (never overwritten)
help-samla-validate = Check a file against the year's data contract. Nothing is sent.
help-samla-validate--file = The filled-in file (xlsx or csv)
help-samla-validate--year = The reporting year
help-samla-validate--json = Print the result as JSON on stdout (problems with row, column, value, code, message)
help-samla-preview = Show what would leave the organisation and what stays, and the first records exactly as they would be sent (--full: the whole plaintext batch). Nothing is sent.
help-samla-preview--file = The filled-in file (xlsx or csv)
help-samla-preview--year = The reporting year
help-samla-preview--full = Print the whole plaintext batch, byte for byte, instead of the readable overview
help-samla-preview--records = Records shown in the overview
help-samla-submit = Validate, pseudonymise, encrypt, sign and upload; prints and stores the receipt. The sealed batch waits in the outbox until the server has acknowledged it; batches already waiting there are sent first.
help-samla-submit--file = The filled-in file (xlsx or csv)
help-samla-submit--year = The reporting year
help-samla-submit--retry = Only send what waits in the outbox (safe to run from cron or a systemd timer)
help-samla-submit--attempts = Connection attempts before giving up (with backoff between them)
help-samla-status = Show the receipts this organisation holds, what the server holds and counts, and what waits in the outbox.
help-samla-status--year = Only this reporting year
help-samla-rekey = Make a new signing key for this organisation (a lost or exposed key, or routine rotation). Prints the new public key on the last line: the platform's admin enrols it with `samla-server org rekey`; until then uploads are refused. The old key is kept beside it (0600) as `signing-key.replaced-<time>`.
help-samla-recipients = Pin new admin recipients (the platform rotated its admin key): the file from the platform, checked against what the server advertises when it can be reached.
help-samla-recipients--file = File with the admin recipients (age1…), from the platform
help-samla-linkage-secret = Key custodian: create the platform's linkage secret.
help-samla-linkage-secret-new = Create a new linkage secret file (mode 0600).
help-samla-linkage-secret-new--out = The file to write (never overwritten)
err-org-id = --org { $org }: 2–64 characters of a–z, 0–9, - and _ (the id the platform gave you)
err-server-key = --server-key: not a server receipt key ({ $detail })
err-server-key-malformed = the server's receipt key is malformed; nothing was sent. Contact the platform.
err-receipt-not-signed = the receipt is not signed by the server key pinned at `samla init`; do not count the batch as submitted. Contact the platform.

## The member's window in the browser (`samla ui`).
help-samla-ui = Open the member's window in the browser (on this computer only, with a one-time secret in the link).
help-samla-ui--port = Port on 127.0.0.1 (0: a free one)
help-samla-ui--no_browser = Do not open a browser; only print the link
ui-open = Open { $url } in your browser (the link works only while this program runs; press Ctrl+C to stop it)
ui-cannot-listen = cannot listen on 127.0.0.1:{ $port }
ui-title = Samla – your organisation's statistics
ui-bad-host = This page only answers on this computer's own address (127.0.0.1).
ui-bad-origin = Refused: the request did not come from Samla's own page.
ui-no-secret = This page can only be used in the window Samla itself opened. Close the window and start Samla again.
ui-year = Reporting year
ui-format = File type
ui-template-heading = The year's template
ui-template-button = Download the template
ui-check-heading = Check your file
ui-check-text = Choose the filled-in file (Excel or CSV). Nothing is sent: the file is only read on this computer.
ui-file = File
ui-check-button = Check the file
ui-check-again = Fix the file and check it again
ui-no-file = Choose a year and a file.
ui-col-row = Row
ui-col-column = Column
ui-col-value = Value
ui-col-problem = What is wrong, and what is allowed
progress-pseudonymising = pseudonymising
ui-preview-heading = What would leave your organisation
ui-preview-people = { $people ->
    [one] { $people } person
   *[other] { $people } people
  } in { $file } for { $year }: { $keys ->
    [one] { $keys } key or encoding
   *[other] { $keys } keys and encodings
  } in place of names, birth dates and ids.
ui-preview-not-configured = To see exactly what would be sent, set Samla up first (samla init): { $why }
ui-preview-first = The first records exactly as they would be sent (nothing has been sent):
ui-nav = Pages
ui-nav-home = Start
ui-nav-status = Sent and waiting
ui-nav-setup = Settings
ui-home-configured = Organisation: { $org }. Server: { $server }.
ui-home-not-configured = Samla is not set up on this computer yet.
ui-send-heading = Send
ui-send-explain = The button below encrypts { $people ->
    [one] the record
   *[other] the { $people } records
  } above for the platform, signs them with { $org }'s key and sends them for { $year }. Nothing else leaves this computer.
ui-send-button = Send { $year } to the platform
ui-send-nothing = There is no checked file to send (the program may have been restarted). Check the file again and send from there.
ui-send-sealing = Encrypting and signing …
ui-send-sending = Sending to the server …
ui-waiting = Batches waiting in the outbox: { $n }.
ui-outbox-heading = The outbox
ui-outbox-empty = Nothing waits in the outbox.
ui-sealed-at = Sealed
ui-retry-button = Try sending again
ui-latest = latest
ui-superseded = superseded
ui-state = State
ui-setup-heading = Set up Samla
ui-setup-intro = Paste the invitation code you got from the platform. Nothing else is needed: Samla makes your keys and enrols you with the platform.
ui-setup-button = Set up Samla
ui-setup-next = Go on to your file
err-template-format = { $file }: give --format xlsx or --format csv, or let the file name end in .xlsx or .csv
err-reconfigure-org = this configuration is for { $configured }, not { $org }; another organisation is set up with another --config
err-reconfigure-nothing = { $dir } is not configured yet; run `samla init` without --reconfigure
init-reconfigured = The settings of { $org } in { $dir } are changed; the keys are the same, so the platform need not enrol anything again.
help-samla-init--reconfigure = Change the organisation's existing settings (server, recipients, linkage secret, server key); its keys stay, so nothing has to be enrolled again
submit-late = Note: the last day for { $year } was { $day }. The batch was taken in the grace period and counts as late.
preview-first-records = { $n ->
    [one] The first person
   *[other] The first { $n } people
  } as they are sent (readable; `--full` shows every byte):
preview-person = Person { $n }:
preview-keys-label = in place of the identity
preview-keys-value = { $keys ->
    [one] { $keys } key
   *[other] { $keys } keys
  } and { $encodings ->
    [one] { $encodings } encoding
   *[other] { $encodings } encodings
  } (random characters to a reader; only the platform's linkage can compare them)
preview-birth-year-label = Year of birth
preview-birth-precision-label = The birth date in the file was
preview-birth-precision-day = a whole date (only the year is sent)
preview-birth-precision-month = a year and month (only the year is sent)
preview-birth-precision-year = a year only
ui-outbox-server-up = The server answers now: press "Try sending again".
ui-outbox-server-down = They wait because the server cannot be reached now ({ $detail }). They are encrypted and are sent when you try again.

## Set-up by invitation and the linkage key
err-init-needs = Give the invitation code from the platform (--invite CODE).
err-invite-malformed = The invitation code cannot be read: part of it is missing or was changed when it was copied. Copy the whole code again from the platform's message. If it still does not work, ask the platform for a new invitation.
err-invite-version = The invitation code was made for a newer version of Samla. Get the latest version of Samla from the platform and try again.
err-invite-already-configured = Samla is already set up for your organisation on this computer. If you want to start again with a new invitation, ask the platform for help.
err-invite-unreachable = The platform's server cannot be reached just now ({ $detail }). Check that the computer is connected to the internet and try again in a while. The invitation is still valid.
err-invite-wrong-server = The server the invitation points to does not show the key the invitation names. Do not go on: contact the platform and tell them what happened.
err-invite-wrong-custodian = The server does not show the key custodian the invitation names. Do not go on: contact the platform and tell them what happened.
err-invite-no-recipients = The platform's server has no encryption key set yet. Ask the platform to set it, then try again with the same invitation.
err-invite-used = This invitation has been used already. Ask the platform for a new invitation.
err-invite-expired = This invitation has expired. Ask the platform for a new invitation.
err-invite-unknown = The platform's server does not know this invitation. Check that you copied the latest code, or ask the platform for a new invitation.
err-linkage-envelope-bad = The linkage key that came from the server cannot be opened or is not signed by the platform's key custodian. Nothing was changed. Contact the platform.
err-linkage-not-delivered = The linkage key has not arrived yet. It arrives by itself once the platform's key custodian has sent it out; until then you can check files but not send. Ask the platform if it takes long.
invite-enrolled = Done: Samla is set up for { $org } and enrolled with the platform ({ $server }).
linkage-installed = The linkage key is in place: you can send.
linkage-waiting = The linkage key has not arrived yet. It arrives by itself once the platform's key custodian has sent it out; until then you can check files but not send.
linkage-unknown = The server could not be asked about the linkage key ({ $detail }).
err-custodian-not-set-up = There is no key custodian in { $dir }. Start with `samla custodian init --server https://…`.
err-custodian-exists = There is a key custodian in { $dir } already; it is never overwritten.
custodian-made = The key custodian is made in { $dir } (key and linkage secret, readable by you alone). Give the platform the public key on the next line; it is enrolled with `samla-server custodian set`:
err-custodian-not-named = The server does not have this key custodian's key. Ask the platform to enrol the key `samla custodian init` printed (`samla-server custodian set`).
custodian-nothing-due = Every enrolled member has this linkage secret already.
custodian-will-deliver = { $n ->
    [one] The linkage secret is encrypted to { $n } member: { $members }
   *[other] The linkage secret is encrypted to { $n } members: { $members }
  }
custodian-confirm = Is the list right? Send them the linkage secret (yes/no):
err-custodian-confirm = Run with --yes to deliver without being asked (or in a terminal, where you are asked).
custodian-cancelled = Nothing was sent.
err-custodian-bad-recipient = Member { $org } has no valid encryption key on the server; nothing was sent. Contact the platform.
custodian-delivered = { $n ->
    [one] The linkage secret (generation { $generation }) is encrypted and uploaded for { $n } member. The member's Samla fetches it the next time it opens.
   *[other] The linkage secret (generation { $generation }) is encrypted and uploaded for { $n } members. The members' Samla fetches it the next time it opens.
  }
custodian-rotated = A new linkage secret is made (generation { $generation }). Deliver it with `samla custodian deliver` before the next round; batches made with different linkage secrets are never linked.
help-samla-init--invite = The invitation code from the platform: with it, nothing else is needed
help-samla-custodian = The key custodian: keeps the platform's linkage secret and delivers it, encrypted, to every enrolled member (never run with the admin's key).
help-samla-custodian-init = Make the custodian's key and the linkage secret; prints the custodian's public key on the last line (the platform names it with `samla-server custodian set`).
help-samla-custodian-init--server = The platform's server address (https://…)
help-samla-custodian-init--import = Take over a linkage secret the members already use (a file from `samla linkage-secret new`) instead of making a new one
help-samla-custodian-deliver = Encrypt the linkage secret to every enrolled member that does not have it yet and upload the envelopes (shows who receives it and asks first).
help-samla-custodian-deliver--yes = Do not ask (for scripts)
help-samla-custodian-rotate = Make a new linkage secret for the next round (a member's key was lost or exposed); the next `deliver` gives it to every member.
ui-link-used = This link has been used already: for safety it works only once. Close the window and start Samla again.
ui-session-ended = The window was not used for a while and was closed for safety. Start Samla again; nothing you sent has been lost.
ui-opened = Samla is open in the browser. If it did not open, open the file { $file } in the browser (it works once). Press Ctrl+C here to quit.
ui-setup-invite = Invitation code
ui-setup-invite-hint = The code starts with SAMLA- and came in a message from the platform. It works once.
ui-setup-invite-missing = Paste the invitation code from the platform.
ui-error-summary = There is a problem
ui-setup-done-title = Samla is set up
ui-setup-done = { $org } is enrolled with the platform.
ui-settings-heading = Settings
ui-settings-org = Organisation
ui-settings-server = The platform's server
ui-settings-linkage = Linkage key
ui-linkage-ok = In place
ui-linkage-waiting-tag = Not arrived yet
ui-linkage-unknown-tag = Not known just now
ui-settings-change = Change the settings
ui-settings-change-text = Is the server's address wrong, or was the computer replaced? Ask the platform for a new invitation and paste it here. Your keys are replaced and what you sent already still counts.
ui-settings-change-button = Change with a new invitation
err-invite-other-org = The invitation is for another organisation than { $org }. Ask the platform for an invitation for { $org }.
err-invite-outbox-not-empty = A batch is waiting to be sent. Send it (Status, Try sending again) before the settings are changed.
round-not-yet-open = The round for { $year } has not opened yet; it opens { $opens }. Nothing was encrypted or sent.
round-not-taking = The round for { $year } does not take batches now: the last day was { $day } and late reports were taken until the end of { $grace }. Nothing was encrypted or sent. Contact the platform if you need to correct something.
round-none-for-year = There is no round for { $year } on the platform's server. Nothing was encrypted or sent. Check the reporting year.
ui-round-closed-next = The file is checked and in order, but it cannot be sent for this year now.
ui-round-open = The round for { $year } is open. Last day: { $day }.
ui-round-none = No round is open just now.
ui-round-unknown = The platform's server cannot be reached just now, so the open round cannot be shown. You can still check your file.
ui-linkage-waiting-home = The linkage key has not arrived yet. You can check your file, but not send until the platform's key custodian has sent it out.
err-server-unreachable-connect = The platform's server could not be reached: this computer got no connection to it. Check that the computer is connected to the internet and try again in a while.
err-server-unreachable-timeout = The platform's server did not answer in time. Try again in a while.
err-server-unreachable-error = The platform's server has passing problems and could not take anything just now. Try again in a while.
err-server-refused-round_not_open = The server did not take the batch: the round for the year has not opened.
err-server-refused-round_past_grace = The server did not take the batch: the last day and the grace period for the year have passed. Contact the platform if you need to send something.
err-server-refused-bad_signature = The server does not know your organisation's key (it may have been replaced or disabled). Contact the platform.
err-server-refused-busy = The server is taking many uploads just now; the batch waits and is sent again.
err-server-refused-timeout = The batch did not arrive in time; it waits and is sent again.
err-server-refused-store_error = The server could not store the batch just now; it waits and is sent again.
err-server-refused-bad_created_at = The server did not take the batch: this computer's clock seems wrong. Set the clock right and check the file again.
err-server-refused-too_large = The server did not take the batch: it is larger than the server takes. Contact the platform.
err-server-refused-digest_mismatch = The batch changed on its way to the server and was not taken. Check the file and send again.
err-server-refused-batch_id_conflict = The server already has another batch with the same id. Check the file and send again.
err-server-refused-unsigned = The server did not take the request because it was not signed. Contact the platform.
err-server-refused-stale = The server did not take the request: this computer's clock seems wrong. Set the clock right and try again.
err-server-refused-internal = The platform's server had an internal error. Try again later, and contact the platform if it happens again.
ui-refused-heading = Batches the server did not take
ui-refused-text = These batches were sent but not taken. They are not sent again by themselves.
ui-refused-why = Why
ui-received = Received
ui-received-text = The platform's server has received and stored your report for { $year } ({ $at }).
ui-receipt-kept = The receipt is kept on this computer; you find it under Sent and waiting.
ui-refused-advice = The batch is not sent again. It is shown under Sent and waiting with the reason.
ui-waits-advice = The batch is encrypted and waits on this computer. Try again in a while under Sent and waiting.
status-refused = Batches the server did not take (they are not sent again):
ui-answers-heading = Check before you send
ui-answers-year = Reporting year
ui-answers-file = File
ui-answers-people = Number of people
ui-answers-leaves = What leaves this computer
ui-answers-leaves-text = The statistics above and keys in place of names, birth dates and id numbers, encrypted to the platform
ui-home-not-configured-text = All you need is the invitation code the platform sent you. The template and the file check can be used already.
ui-template-need-year = Choose a reporting year for the template.
ui-preview-first-records = { $n ->
    [one] The first person
   *[other] The first { $n } people
  } as they are sent (readable):
status-audit-extends = The server's audit log extends the one your newest receipt saw (entry { $from } → { $to }).
status-audit-broken = WARNING: the server's audit log does not extend the one the receipt for batch { $batch } saw: it may have been rewritten or cut. Keep your receipts and contact the platform.
err-audit-broken = the server's audit log does not agree with your receipts
