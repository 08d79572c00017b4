# The member's command line (samla), English.
client-error = error
client-reading-and-checking = Reading and checking
client-already-exists-choose-another-file = already exists; choose another file name
client-template-written = Template written:
client-this-is-exactly-the-text = This is exactly the text that is encrypted and sent (with a new batch id and time on each run). Names, birth dates, personal numbers and case ids are not in it; they are replaced by keys only members can compute.
client-the-batch-is-encrypted-and = The batch is encrypted and in the outbox:
client-new-linkage-secret-written-readable = New linkage secret written (readable by you only):
client-give-it-to-each-member = Give it to each member encrypted to that member (e.g. with age), never to the platform's admin or server.
client-already-configured-use-another-config = already configured; use another --config
client-warning-the-server-could-not = Warning: the server could not be reached; its key will be pinned at first contact
client-the-server-advertises-admin-recipients = the server advertises admin recipients other than the ones pinned in your configuration. Nothing was sent. Contact the platform: the server may be compromised.
client-replaced-in-the-outbox-by = replaced in the outbox by the new batch (it was never received) for
client-the-server-shows-a-different = the server shows a different receipt key than the one pinned at `samla init`. Nothing was sent. Contact the platform.
client-the-server-s-receipt-key = The server's receipt key is now pinned:
client-the-outbox-is-empty-nothing = The outbox is empty; nothing to send.
client-batches-waiting-in-the-outbox = Batches waiting in the outbox:
client-they-are-encrypted-and-will = They are encrypted and will be sent by `samla submit --retry` (or the next `samla submit`).
client-the-server-could-not-be = The server could not be reached.
client-receipt-saved = Receipt saved:
client-the-server-did-not-accept = The server did not accept the batch and will not; it was moved to
client-the-server-s-answer-could = The server's answer could not be accepted; do not count the batch as submitted.
client-received-and-stored-by-the = Received and stored by the server (signed receipt):
client-member = member
client-year = year
client-received = received
client-supersedes = supersedes
client-send-with-samla-submit-retry = send with `samla submit --retry`
client-no-receipts-yet = No receipts yet.
client-year-2 = Year
client-receipts-kept-here = Receipts kept here:
client-none = none
client-latest = {"  "}← latest
client-superseded = {"  "}(superseded)
client-invalid-receipt-signature-does-not = INVALID receipt (signature does not verify)
client-on-the-server-receipts-verified = On the server (receipts verified with the pinned key):
client-no-batches = no batches
client-the-one-counted = {"  "}← the one counted
client-the-server-counts-your-latest = The server counts your latest batch.
client-note-the-server-does-not = NOTE: the server does not count the batch you last got a receipt for. Contact the platform.
client-the-server-holds-a-batch = The server holds a batch with no receipt here (sent from another computer?).
client-the-server-counts-no-batch = The server counts no batch for the year.
client-the-server-could-not-be-2 = The server could not be asked; showing only what is kept here.
client-data = Data
client-codes = Codes
client-value-not-in-the-list = Value not in the list
client-several-values-separate-them-with = Several values: separate them with semicolons.
client-instructions = Instructions
client-preview-of = Preview of
client-people = people
client-sent-encrypted-so-that-only = SENT (encrypted so that only the platform's admin can read it):
client-as-in-the-file-the = as in the file (the code)
client-empty-in-the-file-not = empty in the file – not sent
client-the-birth-year-and-whether = the birth year and whether the date was full, month or year only – not the date
client-keys-only-your-organisation-can = keys only your organisation can compute from your case ids
client-encoded-linkage-keys-of-names = encoded linkage keys of names, birth date and id numbers; cannot be turned back without the members' shared secret key
client-stays-with-you-never-sent = STAYS WITH YOU (never sent in any readable form):
client-the-first = The first
client-records-exactly-as-they-are = records exactly as they are sent:
client-records-in-all-nothing-was = records in all. Nothing was sent. The whole batch:
client-rows-valid = { $file }: { $rows } rows are valid for { $year }. Nothing was sent.
client-configured = Samla is configured for { $org } in { $dir }.
client-server-key-pinned = The server's receipt key is pinned: { $key }
client-give-public-key = Give the organisation's public key to the platform's admin:
client-instructions-text =
    Samla – statistics template { $year }
    {""}
    One row per person you met during the year. Leave a cell empty when it is not known.
    The columns own case reference, names, birth date, personal number, dossier number and 'related to' NEVER leave your computer:
    they are only used to compute keys so the same person is counted once even when several organisations met them.
    Birth date: YYYY-MM-DD, YYYY-MM or just YYYY.
    Listed columns: pick from the list. Where several values are allowed, separate them with semicolons.
    Children and other relatives: choose the relation and write the victim's own case reference in 'Related to'.
    Check the file with: samla validate FILE --year YEAR. See exactly what is sent with: samla preview FILE --year YEAR.
client-rekey-outbox-not-empty = batches signed with the old key are waiting in the outbox: send them first (samla submit --retry), then change the key
client-rekey-done = A new signing key for { $org } is made; the old one is kept beside it. Give the new public key to the platform's admin (samla-server org rekey); until then uploads are refused:
client-recipients-updated = The admin recipients are updated ({ $n }). The next upload is encrypted to them.
err-unknown-year = --year { $year }: there is no data format for reporting year { $year } (Samla knows 2020–2100)
err-not-configured = { $dir }: there is no Samla configuration here. Run `samla init` first (or give --config DIR)
err-bad-recipients-file = { $file }, line { $line }: not an age recipient (age1…). Use the file the platform sent, unchanged
