# The member's command line (samla), English. Whole sentences with arguments; ids say what the
# message is for (err-… for errors, the command first for its output).
error-line = samla: error: { $message }
err-file-exists = { $file } already exists; choose another file name
err-no-config-dir = no configuration directory: give --config DIR or set SAMLA_CONFIG
err-bad-config = { $file }: not a valid Samla configuration
err-already-configured = { $dir } is already configured; use another --config
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
err-server-unreachable = the server could not be reached after { $attempts ->
    [one] one attempt
   *[other] { $attempts } attempts
}: { $detail }
err-server-refused = the server refused the batch ({ $status }, { $code }): { $detail }
err-server-refused-round_closed = the server refused the batch: the collection for the year is closed ({ $status }, { $code }). Contact the platform if you need to correct your report. The server's words: { $detail }
err-server-refused-stale_batch = the server refused the batch: it already holds a newer batch from you for the year ({ $status }, { $code }). The server's words: { $detail }
err-server-refused-bad_member = the server refused the batch: it does not know your organisation or key ({ $status }, { $code }). Contact the platform. The server's words: { $detail }
err-server-refused-too_many_uploads = the server is taking too many uploads from you right now ({ $status }, { $code }); the batch stays and is sent again. The server's words: { $detail }
err-server-bad-answer = the server's answer is not valid: { $detail }
reading-file = Reading and checking { $file }…
validate-rows-valid = { $file }: { $rows } rows are valid for { $year }. Nothing was sent.
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
preview-heading = Preview of { $file } ({ $people } people, { $year })
preview-sent-heading = SENT (encrypted so that only the platform's admin can read it):
preview-field-filled = as in the file (the code)
preview-field-empty = empty in the file – not sent
preview-birth-year = the birth year and whether the date was full, month or year only – not the date
preview-record-refs = keys only your organisation can compute from your case ids
preview-linkage-keys = encoded linkage keys of names, birth date and id numbers; cannot be turned back without the members' shared secret key
preview-kept-heading = STAYS WITH YOU (never sent in any readable form):
preview-first-records = The first { $n } records exactly as they are sent:
preview-all-records = { $n } records in all. Nothing was sent. The whole batch: samla preview --full
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
recipients-updated = The admin recipients are updated ({ $n }). The next upload is encrypted to them.
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
help-samla-init = Set up this organisation: signing key, own secret, pinned admin recipients and server key. Prints the organisation's public key on the last line (give it to the platform's admin).
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
ui-no-secret = Open the link that `samla ui` printed: this page needs its one-time secret.
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
ui-preview-people = { $people } people in { $file } for { $year }: { $keys } keys and encodings in place of names, birth dates and ids.
ui-preview-not-configured = To see exactly what would be sent, set Samla up first (samla init): { $why }
ui-preview-first = The first records exactly as they would be sent (nothing has been sent):
ui-preview-send-cli = Sending from this window comes next; until then send with: samla submit FILE --year { $year }
