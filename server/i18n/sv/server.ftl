# Plattformens kommandorad (samla-server), svenska. Hela meningar med argument.
error-line = samla-server: fel: { $message }
err-passphrase-short-env = SAMLA_PASSPHRASE: använd en lösenfras på minst { $min } tecken
err-passphrase-none = ingen lösenfras: sätt SAMLA_PASSPHRASE eller kör i en terminal
err-passphrase-differ = lösenfraserna skiljer sig åt
err-passphrase-short = använd en lösenfras på minst { $min } tecken
passphrase-prompt = Lösenfras:{" "}
passphrase-repeat = Upprepa lösenfrasen:{" "}
err-year = --year { $year }: ange ett rapporteringsår med fyra siffror mellan 2020 och 2100
err-identity-exists = { $file }: finns redan; en identitet skrivs aldrig över
err-org-id = { $org }: ett medlems-id är 2–64 tecken av a–z, 0–9, - och _, och börjar med en bokstav eller siffra
err-public-key = --public-key: det är ingen publik Samla-nyckel; kopiera sista raden som `{ $command }` skrev ut (samla-ed25519:…)
err-grace-days = --grace-days { $days }: ange 0–90 dagar
err-deadline-format = --deadline { $deadline }: ange ett datum som ÅÅÅÅ-MM-DD
err-deadline-over = --deadline { $deadline } med { $days } dagars respit har redan passerat: medlemmarna skulle inte kunna skicka något; ange en senare sista dag
err-hours = --hours { $hours }: ange 1–336 timmar (högst två veckor)
err-backup-exists = { $file }: finns redan; välj en ny fil för varje säkerhetskopia
err-round-open = insamlingen för { $year } är fortfarande öppen: medlemmar kan fortfarande skicka in eller rätta, så detta vore inte årets slutliga siffra. Stäng den först (`samla-server round close --year { $year }`), eller lägg till --allow-open-round för en preliminär körning.
err-random = systemets slumptalsgenerator fungerade inte
err-cannot-listen = kan inte lyssna på { $addr }
init-done = { $dir } är förberedd.
init-key = Serverns kvittonyckel (medlemmarna fäster den med `samla init`):
keygen-done = Admin-identiteten är skriven till { $file } (skyddad med lösenfras, läsbar bara för dig).
keygen-give = Ge den här mottagaren till medlemmarna (deras --admin-recipients-fil):
recipients-set = Servern anger nu { $n } admin-mottagare.
org-enrolled = { $org } är registrerad.
org-disabled-tag = { $org } (avstängd)
org-rekeyed = { $org } signerar nu med { $key }; den gamla nyckeln avvisas från och med nu.
org-disabled = { $org } är avstängd: dess inskick avvisas (det den skickat tidigare räknas fortfarande).
org-enabled = { $org } får skicka in igen.
audit-intact = Granskningsloggen är intakt: { $entries } poster, varje kvittos huvud finns bland dem.
audit-head = huvud { $head }
audit-broken = samla-server: granskningsloggen är INTE intakt: post { $id }: { $why }.
audit-exported = { $n } poster ur granskningsloggen skrivna till { $file }.
round-opened = Insamlingen för { $year } är öppen; sista dag { $deadline }; sena rapporter tas emot till { $grace }.
round-closed = Insamlingen för { $year } är stängd; inskick för { $year } avvisas från och med nu.
round-correction = { $org } får skicka en rättad batch för { $year } till { $until }; insamlingen är fortfarande stängd för alla andra.
token-new = Ny admin-token (visas en gång; servern sparar bara dess hash; en tidigare token slutar fungera):
remind-sent = { $n } påminnelse(r) skickade
remind-dry = { $n } påminnelse(r) skulle skickas
remind-would-send = skulle skicka till { $org } <{ $to }> ({ $days } dagar före sista dag för { $year }): { $subject }
backup-done = { $from } är säkerhetskopierad till { $file } (integritetskontroll ok).
restore-done = { $from } är återställd till { $dir }.
aggregate-preliminary = samla-server: insamlingen för { $year } är fortfarande öppen: en preliminär sammanställning, medlemmar kan fortfarande skicka in eller rätta.
aggregate-internal = INTERNT – oskyddade siffror, får inte publiceras
aggregate-hidden = dolt
aggregate-summary = År { $year }: { $persons } personer ({ $direct } direkt, { $indirect } indirekt); { $multi } rapporterade av mer än en medlem; medlemmarnas summa { $raw }; intervall { $lower }–{ $upper }.
aggregate-wrote = Skrev { $file }
aggregate-left-out = samla-server: { $n } batch(er) kunde inte läsas och finns INTE i rapporten (medlemmarna är markerade som oläsbara i `status`):
aggregate-left-out-item = {"  "}{ $org } (batch { $batch }): { $reason }
aggregate-not-publishable = samla-server: kan inte publiceras som den är: be medlemmen/medlemmarna skicka igen (`round allow-correction` om insamlingen är stängd), eller kör igen med --accept-unreadable för att publicera utan dem.
serve-listening = samla-server lyssnar på { $url }
status-round = Insamling { $year }: { $state }
status-opens = öppnar
status-deadline = sista dag
status-grace-ends = respit slutar
status-closes = stänger
status-col-member = medlem
status-col-status = status
status-col-received = mottagen
status-col-versions = versioner
status-col-superseded = ersatta
status-missing = SAKNAS
status-unreadable = OLÄSBAR
status-on_time = i tid
status-late = sen
status-summary = { $received } av { $expected } medlemmar har skickat in ({ $on_time } i tid, { $late } sent); { $missing } saknas.
status-missing-list = Saknas: { $orgs }
status-unreadable-list = Mottagna men oläsbara (måste skicka igen): { $orgs }
reminder-subject = Påminnelse: statistik för { $year } till Plattformen Civila Sverige mot människohandel
reminder-when-before = Sista dag är { $last_day }, om { $days } dagar.
reminder-when-after = Sista dag var { $last_day }. Uppgifter tas fortfarande emot till { $grace }.
reminder-body =
    Hej!
    {""}
    Vi har ännu inte fått er statistik för { $year } ({ $org }). { $when }
    {""}
    Fyll i mallen och skicka den med:
        samla submit FIL --year { $year }
    {""}
    Namn och andra identifierande uppgifter lämnar aldrig er dator.
    Frågor: svara på detta meddelande.
reminder-note = Påminnelse (svenska): vi har ännu inte fått er statistik för { $year } ({ $org }). { $when }
    Skicka den med `samla submit FIL --year { $year }`.
err-store-not-initialised = { $dir }: det är ingen Samla-datamapp (kör `samla-server init --data { $dir }` först)
err-store-initialised = { $dir }: är redan förberedd
err-org-exists = medlemmen "{ $org }" är redan registrerad
err-org-unknown = medlemmen "{ $org }" är inte registrerad
err-no-round = det finns ingen insamling för { $year }
err-round-closed = insamlingen för { $year } är stängd; att öppna den igen ändrar det medlemmarna fått veta är slutligt: lägg till --reopen för att ändå göra det (skrivs i granskningsloggen)
round-state-open = öppen
round-state-closed = stängd
round-state-scheduled = planerad
round-state-none = ingen insamling
