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
err-deadline-over = --deadline { $deadline } med { $days ->
    [one] { $days } dags
   *[other] { $days } dagars
  } respit har redan passerat: medlemmarna skulle inte kunna skicka något; ange en senare sista dag
err-hours = --hours { $hours }: ange 1–336 timmar (högst två veckor)
err-backup-exists = { $file }: finns redan; välj en ny fil för varje säkerhetskopia
err-round-open = insamlingen för { $year } är fortfarande öppen: medlemmar kan fortfarande skicka in eller rätta, så detta vore inte årets slutliga siffra. Stäng den först (`samla-server round close --year { $year }`), eller lägg till --allow-open-round för en preliminär körning.
err-random = systemets slumptalsgenerator fungerade inte
err-cannot-listen = kan inte lyssna på { $addr }
init-done = { $dir } är förberedd.
init-key = Serverns kvittonyckel (medlemmarna fäster den med `samla init`):
keygen-done = Admin-identiteten är skriven till { $file } (skyddad med lösenfras, läsbar bara för dig).
keygen-give = Ge den här mottagaren till medlemmarna (deras --admin-recipients-fil):
recipients-set = Servern anger nu { $n ->
    [one] { $n } admin-mottagare
   *[other] { $n } admin-mottagare
  }.
org-enrolled = { $org } är registrerad.
org-disabled-tag = { $org } (avstängd)
org-rekeyed = { $org } signerar nu med { $key }; den gamla nyckeln avvisas från och med nu.
org-disabled = { $org } är avstängd: dess inskick avvisas (det den skickat tidigare räknas fortfarande).
org-enabled = { $org } får skicka in igen.
audit-intact = Granskningsloggen är intakt: { $entries ->
    [one] { $entries } post
   *[other] { $entries } poster
  }, varje kvittos huvud finns bland dem.
audit-head = huvud { $head }
audit-broken = samla-server: granskningsloggen är INTE intakt: post { $id }: { $why }.
audit-exported = { $n ->
    [one] { $n } post
   *[other] { $n } poster
  } ur granskningsloggen skrivna till { $file }.
round-deadline-changed = OBS: sista dag ändrades från { $old } till { $new }.
round-opened = Insamlingen för { $year } är öppen; sista dag { $deadline }; sena rapporter tas emot till och med { $grace }.
round-closed = Insamlingen för { $year } är stängd; inskick för { $year } avvisas från och med nu.
round-correction = { $org } får skicka en rättad batch för { $year } till { $until }; insamlingen är fortfarande stängd för alla andra.
token-new = Ny admin-token (visas en gång; servern sparar bara dess hash; en tidigare token slutar fungera):
remind-sent = { $n ->
    [one] { $n } påminnelse skickad
   *[other] { $n } påminnelser skickade
  }
remind-dry = { $n ->
    [one] { $n } påminnelse skulle skickas
   *[other] { $n } påminnelser skulle skickas
  }
remind-would-send = skulle skicka till { $org } <{ $to }> ({ $days ->
    [one] { $days } dag
   *[other] { $days } dagar
  } före sista dag för { $year }): { $subject }
backup-done = { $from } är säkerhetskopierad till { $file } (integritetskontroll ok).
restore-done = { $from } är återställd till { $dir }.
aggregate-preliminary = samla-server: insamlingen för { $year } är fortfarande öppen: en preliminär sammanställning, medlemmar kan fortfarande skicka in eller rätta.
aggregate-internal = INTERNT – oskyddade siffror, får inte publiceras
aggregate-hidden = dolt
aggregate-summary = År { $year }: { $persons } personer ({ $direct } direkt, { $indirect } indirekt); { $multi } rapporterade av mer än en medlem; medlemmarnas summa { $raw }; intervall { $lower }–{ $upper }.
aggregate-wrote = Skrev { $file }
aggregate-left-out = samla-server: { $n ->
    [one] { $n } batch kunde inte läsas och finns INTE
   *[other] { $n } batcher kunde inte läsas och finns INTE
  } i rapporten (medlemmarna är markerade som oläsbara i `status`):
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
status-summary = { $received } av { $expected ->
    [one] { $expected } medlem
   *[other] { $expected } medlemmar
  } har skickat in ({ $on_time } i tid, { $late } sent); { $missing } saknas.
status-missing-list = Saknas: { $orgs }
status-unreadable-list = Mottagna men oläsbara (måste skicka igen): { $orgs }
reminder-subject = Påminnelse: statistik för { $year } till Plattformen Civila Sverige mot människohandel
reminder-when-before = Sista dag är { $last_day }, om { $days ->
    [one] { $days } dag
   *[other] { $days } dagar
  }.
reminder-when-after = Sista dag var { $last_day }. Uppgifter tas fortfarande emot till { $grace }.
reminder-body =
    Hej!
    {""}
    Vi har ännu inte fått er statistik för { $year } ({ $org }). { $when }
    {""}
    Öppna Samla på datorn där ni skickar statistiken (Starta Samla), kontrollera
    er fil och tryck på Skicka.
    {""}
    Namn och andra identifierande uppgifter lämnar aldrig er dator.
    Frågor: svara på detta meddelande.
reminder-note = Påminnelse (svenska): vi har ännu inte fått er statistik för { $year } ({ $org }). { $when } Öppna Samla, kontrollera er fil och tryck på Skicka.
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

## Hjälp på kommandoraden (`samla-server --help`, `samla-server KOMMANDO --help`).
help-usage = Användning:
help-commands = Kommandon
help-options = Flaggor
help-arguments = Argument
help-flag-help = Visa hjälpen
help-flag-version = Visa versionen
help-any--data = Serverns datamapp
help-any--year = Rapporteringsåret
help-any--out = Filen eller mappen som skrivs
help-any--org_id = Medlemmens id (t.ex. kvinnojouren-a)
help-any--public_key = Medlemmens publika nyckel (samla-ed25519:…), sista raden som `samla init` eller `samla rekey` skrev ut
help-any--file = Filen med admin-mottagare (age1…)
help-any--from = Säkerhetskopian som ska återställas
help-any--dry_run = Skriv ut påminnelserna som är aktuella i stället för att skicka dem
help-any--config = Driftens konfiguration: insamlingsschema, påminnelser, SMTP, medlemmarnas adresser (docs/OPERATIONS.md)
help-samla-server = Samlas insamlingsserver: lagrar medlemmarnas krypterade batcher, sköter årets insamlingar och låter admin dekryptera, länka, slå samman och publicera årets sammanställning.
help-samla-server--lang = Språk för meddelanden och rapport: sv (standard) eller en
help-samla-server-audit = Den manipuleringssäkra granskningsloggen: kontrollera kedjan, exportera den.
help-samla-server-audit-verify = Kontrollera granskningsloggens hashkedja och att varje kvittos huvud finns i den. Slutstatus 0 när den är intakt (skriver antalet poster och huvudets hash att spara på annat ställe), 4 när en post har tagits bort, lagts till eller ändrats.
help-samla-server-audit-export = Skriv granskningsloggen som JSON-rader (id, tid, händelse, detalj, hash), läsbar bara för dig.
help-samla-server-init = Skapa en ny datamapp: databas, nyckel för kvittosignering (läsbar bara för servern).
help-samla-server-init--admin_recipients = Fil med admin-mottagare (age1…) som servern anger för klienterna
help-samla-server-admin-keygen = Skapa admin-identiteten (age X25519), krypterad med en lösenfras (SAMLA_PASSPHRASE eller en fråga). Skriver mottagaren (age1…) på sista raden.
help-samla-server-admin-recipients = Ange vilka admin-mottagare servern visar.
help-samla-server-org = Registrera medlemmar.
help-samla-server-org-add = Registrera en medlems publika signeringsnyckel (som `samla init` skrev ut).
help-samla-server-org-list = Lista registrerade medlemmar.
help-samla-server-org-rekey = Byt en medlems nyckel (en förlorad eller röjd nyckel, eller `samla rekey`): den gamla nyckeln avvisas från och med nu; batcher den signerat tidigare går fortfarande att verifiera.
help-samla-server-org-disable = Avvisa alla inskick från en medlem från och med nu (det den skickat tidigare räknas fortfarande).
help-samla-server-org-enable = Låt en avstängd medlem skicka in igen.
help-samla-server-round = Insamlingar.
help-samla-server-round-open = Öppna insamlingen för ett rapporteringsår.
help-samla-server-round-open--deadline = ÅÅÅÅ-MM-DD (inskick den dagen är i tid)
help-samla-server-round-open--grace_days = Dagar efter sista dag då sena rapporter fortfarande tas emot (0–90); avvisas därefter
help-samla-server-round-open--reopen = Öppna en insamling som har stängts (skrivs i granskningsloggen)
help-samla-server-round-close = Stäng (frys) insamlingen för ett rapporteringsår.
help-samla-server-round-allow-correction = Låt en medlem skicka en rättad batch till en stängd insamling under en begränsad tid, utan att öppna den för alla (skrivs i granskningsloggen).
help-samla-server-round-allow-correction--org = Medlemmens id
help-samla-server-round-allow-correction--hours = Hur länge undantaget gäller, i timmar (1–336)
help-samla-server-serve = Kör HTTP-API:t (och, med --config, insamlingsschemat och påminnelserna).
help-samla-server-serve--listen = Adress att lyssna på, t.ex. 127.0.0.1:8443 (port 0 väljer en ledig port)
help-samla-server-serve--config = Driftens konfiguration: insamlingsschema, påminnelser, SMTP, medlemmarnas adresser (docs/OPERATIONS.md)
help-samla-server-serve--body_timeout_secs = Sekunder en klient har på sig att skicka ett helt inskick (långsamma klienter kopplas ned)
help-samla-server-status = Hur komplett ett års insamling är: förväntade, mottagna, i tid, sena, saknade, ersatta.
help-samla-server-status--json = Skriv JSON (samma form som GET /v1/rounds/{"{"}year{"}"}/status)
help-samla-server-admin-token = Skapa en ny admin-token för API:t (för GET /v1/rounds/{"{"}year{"}"}/status); visas en gång.
help-samla-server-remind = Skicka påminnelserna som är aktuella nu (som schemat gör), eller skriv ut dem med --dry-run.
help-samla-server-backup = Kopiera databasen till en fil med SQLites backup-API (säkert medan servern kör).
help-samla-server-restore = Lägg en säkerhetskopia på plats som databas i en datamapp (servern stoppad).
help-samla-server-aggregate = Dekryptera, länka, slå samman och skriv report.json, report.csv och report.html.
help-samla-server-aggregate--identity = Den lösenfrasskyddade admin-identiteten (lösenfras från SAMLA_PASSPHRASE eller en fråga)
help-samla-server-aggregate--out = Mappen som rapporten skrivs till
help-samla-server-aggregate--internal = Oskyddade siffror för admins egna kontroller, märkta INTERNT
help-samla-server-aggregate--previous = Förra årets report.json: nyckeltabellerna visar då båda åren och förändringen
help-samla-server-aggregate--accept_unreadable = Avsluta med status 0 även när några medlemmars batcher inte kunde läsas (de utelämnas och listas i rapporten). Utan flaggan skrivs rapporten men slutstatus blir 3, så att ingen publicerar utan att märka det.
help-samla-server-aggregate--allow_open_round = Sammanställ trots att insamlingen fortfarande är öppen (en preliminär körning; loggas)
err-identity-unreadable = { $file }: admin-identiteten kan inte läsas
err-cannot-read = { $file }: kan inte läsas
err-previous-not-report = { $file }: det är ingen report.json skriven av samla-server aggregate
err-previous-year = { $file }: är rapporten för { $found }, inte för ett år före { $year }
err-no-batches = inga batcher finns lagrade för { $year }: inget att sammanställa
err-no-batch-readable = ingen batch för { $year } kunde läsas ({ $n } utelämnade): inget att sammanställa
err-cannot-create-dir = { $dir }: mappen för rapporten kan inte skapas
err-cannot-write = { $file }: kan inte skrivas
err-no-smtp = påminnelser är konfigurerade men [smtp] är det inte

## Operatörskonton och plattformens översikt i webbläsaren (/admin).
help-samla-server-operator = Operatörskonton för översikten i webbläsaren (/admin).
help-samla-server-operator-add = Skapa ett operatörskonto eller ge det ett nytt lösenord (SAMLA_OPERATOR_PASSWORD eller en fråga; minst 12 tecken).
help-samla-server-operator-disable = Stäng av ett operatörskonto (det kan inte längre logga in).
help-samla-server-operator-list = Lista operatörskonton.
help-any--name = Operatörens användarnamn
operator-password-prompt = Lösenord för operatören:{" "}
operator-added = Operatören { $name } kan logga in på /admin.
operator-disabled = Operatören { $name } är avstängd.
err-operator-name = { $name } kan inte vara ett användarnamn: bokstäver a–z, siffror och - _ . @ (högst 64).
err-operator-password-short = lösenordet är för kort: minst { $min } tecken.
err-operator-unknown = det finns inget aktivt operatörskonto { $name }
err-no-address = det finns ingen e-postadress för { $org } i konfigurationen ([members])
dash-title = Samla – insamlingen
dash-nav = Sidor
dash-rounds = Insamlingar
dash-logout = Logga ut
dash-signed-in-as = Inloggad som { $name }
dash-bad-origin = Avvisad: ändringar görs bara från översiktens egna sidor.
dash-login-title = Logga in – Samla
dash-login-name = Användarnamn
dash-login-password = Lösenord
dash-login-button = Logga in
dash-login-wrong = Fel användarnamn eller lösenord.
dash-login-wait = För många misslyckade inloggningar. Vänta { $secs } sekunder och försök igen.
dash-received-of = { $received } av { $expected }
dash-no-rounds = Ingen insamling är öppnad eller planerad ännu.
dash-col-year = År
dash-col-state = Läge
dash-col-opens = Öppnar
dash-col-deadline = Sista dag
dash-col-grace = Respittiden slutar
dash-col-received = Mottagna
dash-col-member = Medlem
dash-col-status = Status
dash-col-last-receipt = Senaste kvitto
dash-col-corrected = Rättad
dash-col-reminders = Påminnelser skickade
dash-col-action = Åtgärd
dash-open-heading = Öppna en insamling
dash-deadline-label = Sista dag (inskick den dagen är i tid; 14 dagars respit efter)
dash-open-button = Öppna …
dash-members = Medlemmar
dash-member-enabled = aktiv
dash-member-disabled = avstängd
dash-enable = Aktivera …
dash-disable = Stäng av …
dash-add-heading = Registrera en medlem
dash-org-label = Medlemmens id
dash-key-label = Medlemmens publika nyckel (samla-ed25519:…)
dash-add-button = Registrera …
dash-round-title = Insamlingen { $year }
dash-round-state = Läge: { $state }.
dash-next-reminder = Nästa påminnelse
dash-no-next-reminder = Ingen påminnelse är planerad.
dash-summary = { $received } av { $expected } har skickat ({ $on_time } i tid, { $late } sent); { $missing } saknas.
dash-completeness = Medlemmarna
dash-reminder-by-hand = { $at } (av en operatör)
dash-reminder-scheduled = { $at } ({ $days ->
    [one] { $days } dag
   *[other] { $days } dagar
  } före)
dash-remind-now = Påminn nu …
dash-corrected = ja, { $n ->
    [one] { $n } gång
   *[other] { $n } gånger
  }
dash-close-round = Stäng insamlingen …
dash-no-smtp = Påminnelser kan inte skickas härifrån: servern har ingen SMTP-konfiguration, eller insamlingen är inte öppen.
dash-confirm-title = Bekräfta
dash-confirm-open = Öppna insamlingen för { $year } med sista dag { $deadline }?
dash-confirm-close = Stänga insamlingen för { $year }? Inskick tas inte längre emot.
dash-confirm-remind = Skicka en påminnelse om { $year } till { $org } nu?
dash-confirm-add = Registrera { $org } med nyckeln { $key }?
dash-confirm-disable = Stänga av { $org }? Dess inskick avvisas från och med nu (det som redan skickats räknas).
dash-confirm-enable = Aktivera { $org } igen?
dash-confirm-yes = Ja, gör det
dash-confirm-no = Avbryt
dash-unknown-action = Den åtgärden finns inte.
dash-done-title = Åtgärd
dash-bad-csrf = Avvisad: formuläret hör inte till den här inloggningen. Ladda om sidan och försök igen.
dash-back = Tillbaka
dash-need-year = Ange ett år.
dash-need-org = Ange en medlem.
dash-need-deadline = Ange sista dag.
dash-reminded = En påminnelse om { $year } skickades till { $org }.

## Invitations and the key custodian
org-invited = Inbjudan till { $org } kan användas en gång fram till { $until } ({ $days ->
    [one] { $days } dag
   *[other] { $days } dagar
  }). Ge medlemmen koden på nästa rad; den visas bara nu:
err-invite-days = En inbjudan gäller 1–90 dagar.
err-invite-url = { $url } går inte att använda som serverns adress: den ska börja med https:// (eller http://127.0.0.1 för ett test på den här datorn).
err-invite-no-url = Servern vet inte sin adress än. Ange den en gång med `samla-server public-url https://…` (adressen medlemmarna når servern på), eller med --url här.
err-invite-no-custodian = Ingen nyckelförvaltare är utsedd än. Nyckelförvaltaren kör `samla custodian init` och ni registrerar nyckeln med `samla-server custodian set`; sedan kan ni bjuda in medlemmar.
custodian-set = Nyckelförvaltaren är utsedd (fingeravtryck { $fingerprint }). Nya inbjudningar bär fingeravtrycket.
custodian-is = Nyckelförvaltarens nyckel: { $key } (fingeravtryck { $fingerprint })
custodian-none = Ingen nyckelförvaltare är utsedd.
custodian-waiting = { $n ->
    [0] Alla registrerade medlemmar har länknyckeln.
    [one] { $n } medlem väntar på länknyckeln: { $members }
   *[other] { $n } medlemmar väntar på länknyckeln: { $members }
  }
help-samla-server-org-invite = Gör en inbjudan till en medlem: en kod, som kan användas en gång och slutar gälla, med serverns adress, fingeravtrycken av serverns och nyckelförvaltarens nycklar och en engångstoken. Medlemmens `samla init --invite KOD` (eller inställningarna i fönstret) behöver inget annat. Skrivs ut på sista raden; bara en hash av token sparas.
help-samla-server-org-invite--days = Antal dagar inbjudan kan användas
help-samla-server-org-invite--url = Serverns adress som medlemmarna når den på (https://…); sparas till senare inbjudningar
help-samla-server-custodian = Nyckelförvaltaren, som levererar länknyckeln till medlemmarna (`samla custodian`).
help-samla-server-custodian-set = Utse nyckelförvaltaren med dess nyckel (som `samla custodian init` skrev ut). Inbjudningar bär dess fingeravtryck; servern sparar bara kuvert som den har signerat.
help-samla-server-custodian-set--key = Nyckelförvaltarens publika nyckel (samla-ed25519:…)
help-samla-server-custodian-show = Visa nyckelförvaltarens nyckel och vilka medlemmar som väntar på länknyckeln.
aggregate-linkage-id-none = (utan id: gammal version)
err-mixed-linkage = Batcherna för { $year } är gjorda med { $n } olika länknycklar och kan inte länkas ihop: samma person skulle räknas flera gånger. Inget har skrivits. Medlemmarna per länknyckel (id):
dash-service-name = Samla – plattformens översikt
dash-confirm-invite = Gör en inbjudan till { $org }? Koden visas en gång på nästa sida och gäller i 14 dagar.
dash-problem = Det finns ett problem
dash-invitation-code = Inbjudningskod till medlemmen
dash-invitation-hint = Skicka koden till medlemmens kontaktperson. Den visas bara nu och kan användas en gång.
dash-linkage-waiting = Väntar på länknyckeln
dash-linkage-ok = Har länknyckeln
dash-col-linkage = Länknyckel
dash-invitations = Inbjudningar
dash-invitation-used = Använd { $at }
dash-invitation-open = Gäller till { $until }
dash-col-made = Gjord
dash-invite-heading = Bjud in en medlem
dash-invite-text = Medlemmen klistrar in koden i Samla; mer behövs inte. Nycklarna registreras automatiskt, och länknyckeln kommer när nyckelförvaltaren levererar.
dash-org-hint = Små bokstäver, siffror och bindestreck, till exempel kvinnojouren-a.
dash-invite-button = Gör en inbjudan …
err-remind-disabled = { $org } är avstängd och kan inte skicka in: ingen påminnelse skickades.
public-url-set = Inbjudningar pekar nu på { $url }.
help-samla-server-public-url = Adressen medlemmarna når servern på (https://…); den står i inbjudningskoderna.
help-samla-server-public-url--url = Serverns adress, till exempel https://samla.plattformen.example
dash-invite-no-url = Serverns adress för inbjudningar är inte inställd än. Den ställs in en gång när servern installeras (driftinstruktionen, "Inbjudningar"); sedan går det att bjuda in härifrån.
dash-invite-no-custodian = Ingen nyckelförvaltare är utsedd än. Nyckelförvaltaren skapar sin nyckel och ni registrerar den (driftinstruktionen, "Nyckelförvaltaren"); sedan går det att bjuda in härifrån.
dash-login-busy = Servern kontrollerar redan en inloggning för det här kontot, eller många på en gång. Försök igen om en liten stund.
err-audit-chain-removed = Granskningsloggens hashkedja har tagits bort ur databasen ({ $why }). Den byggs inte upp igen: återställ en säkerhetskopia och kör `samla-server audit verify`.
help-samla-server-audit-verify--server_key = Serverns kvittonyckel så som medlemmarna fäst den (samla-ed25519:…); kvitton kontrolleras mot den, inte mot nyckelfilen i datamappen
help-samla-server-audit-verify--receipts = Medlemmarnas kvittomappar (eller filer): varje kvitto ska vara signerat med serverns nyckel, dess huvud finnas i kedjan och dess batch finnas kvar
help-samla-server-audit-verify--head = Ett huvud som en tidigare `audit verify` skrev ut och som sparats på annat ställe: det ska finnas kvar i kedjan
dash-linkage-by-hand = Utdelad för hand (inte via Samla)
