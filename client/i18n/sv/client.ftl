# The member's command line (samla), Swedish. Whole sentences with arguments; ids say what the
# message is for (err-… for errors, the command first for its output).
error-line = samla: fel: { $message }
err-file-exists = { $file } finns redan; välj ett annat filnamn
err-no-config-dir = ingen konfigurationsmapp: ange --config MAPP eller sätt SAMLA_CONFIG
err-bad-config = { $file }: det är ingen giltig Samla-konfiguration
err-already-configured = { $dir } är redan konfigurerad; ändra den med `samla init --reconfigure …` (samma --org), eller använd en annan --config
err-not-a-url = { $url } är ingen webbadress (t.ex. https://samla.example.se)
err-plain-http = { $url }: okrypterad http:// är bara tillåten till den här datorn (127.0.0.1, ::1, localhost); använd https://
err-unsupported-scheme = { $url }: protokollet { $scheme } stöds inte; använd https://
err-outbox-busy = ett annat `samla submit` körs redan ({ $detail }); försök igen när det är klart
err-outbox-damaged = { $file }: skadad post i utkorgen
err-outbox-ciphertext-missing = { $file }: den krypterade filen saknas
err-admin-recipients-differ = servern anger andra admin-mottagare än de som är fästa i er konfiguration. Ingenting har skickats. Kontakta plattformen: servern kan vara komprometterad.
err-receipt-key-differs = servern visar en annan kvittonyckel än den som fästes vid `samla init`. Ingenting har skickats. Kontakta plattformen.
err-rekey-outbox-not-empty = det finns satser som väntar i utkorgen, signerade med den gamla nyckeln: skicka dem först (samla submit --retry) och byt nyckel sedan
err-unknown-year = --year { $year }: det finns inget dataformat för rapporteringsåret { $year } (Samla känner till 2020–2100)
err-not-configured = { $dir }: här finns ingen Samla-konfiguration. Kör `samla init` först (eller ange --config MAPP)
err-bad-recipients-file = { $file }, rad { $line }: det är ingen age-mottagare (age1…). Använd filen som plattformen skickade, oförändrad
err-no-server-key = ingen kvittonyckel för servern är fäst ännu (den fästs vid första inskicket)
err-server-receipt-invalid = ett kvitto från servern stämmer inte med den fästa nyckeln
err-server-receipts-foreign = servern svarade med kvitton för en annan medlem eller ett annat år
err-receipt-mismatch = kvittot stämmer inte med batchen som skickades; batchen ligger kvar i utkorgen
err-server-unreachable = Plattformens server gick inte att nå just nu. Försök igen om en stund; det som väntar i utkorgen skickas då.
err-server-refused = Servern tog inte emot batchen, av ett skäl som den här versionen av Samla inte känner till. Kontakta plattformen.
err-server-refused-round_closed = Servern tog inte emot batchen: insamlingen för året är stängd. Kontakta plattformen om ni behöver rätta er rapport.
err-server-refused-stale_batch = Servern tog inte emot batchen: den har redan en nyare batch från er för året. Kontrollera filen och skicka den igen om den är den senaste.
err-server-refused-bad_member = Servern känner inte igen er organisation. Kontakta plattformen.
err-server-refused-too_many_uploads = Servern tar emot för många inskick från er just nu; batchen ligger kvar och skickas igen.
err-server-bad-answer = Plattformens server svarade på ett sätt som Samla inte förstår. Försök igen senare, och kontakta plattformen om det inte går.
reading-file = Läser och kontrollerar { $file }…
validate-rows-valid = { $file }: { $rows ->
    [one] { $rows } rad är giltig
   *[other] { $rows } rader är giltiga
  } för { $year }. Ingenting har skickats.
template-written = Mall skriven: { $file }
template-sheet-data = Uppgifter
template-sheet-codes = Koder
template-sheet-instructions = Instruktioner
template-not-in-list = Värde utanför listan
template-several-values = Flera värden: skriv dem med semikolon emellan, t.ex. "Tiggeri;Kriminella ändamål".
template-instructions-text =
    Samla – mall för statistik { $year }
    {""}
    En rad per person som ni mött under året. Lämna en cell tom om uppgiften inte är känd.
    Kolumnerna eget ärende-id, förnamn, efternamn, födelsedatum, personnummer, dossiernummer och 'anhörig till' lämnar ALDRIG er dator:
    de används bara för att räkna ut nycklar så att samma person räknas en gång även om flera organisationer mött henne.
    Födelsedatum: ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller bara ÅÅÅÅ om inte mer är känt.
    Kolumner med lista: välj i listan. Där flera värden får anges, skriv dem med semikolon emellan.
    Barn och andra anhöriga: välj relation och skriv den utsattas eget ärende-id i kolumnen 'Anhörig till'.
    Kontrollera filen med: samla validate FIL --year ÅR. Se exakt vad som skickas med: samla preview FIL --year ÅR.
preview-full-intro = Detta är exakt den text som krypteras och skickas (med nytt batch-id och ny tid vid varje körning). Namn, födelsedatum, personnummer och egna ärende-id finns inte med; de har ersatts av nycklar som bara medlemmarna kan räkna fram.
preview-heading = Förhandsvisning av { $file } ({ $people ->
    [one] { $people } person
   *[other] { $people } personer
  }, { $year })
preview-sent-heading = SKICKAS (krypterat så att bara plattformens admin kan läsa det):
preview-field-filled = som det står i filen (koden)
preview-field-empty = tom i filen – skickas inte
preview-birth-year = födelseåret och om datumet var helt, månad eller bara år – inte datumet
preview-record-refs = nycklar som bara er organisation kan räkna fram ur era ärende-id
preview-linkage-keys = kodade länkningsnycklar av namn, födelsedatum och id-nummer; kan inte vändas tillbaka utan medlemmarnas gemensamma hemliga nyckel
preview-kept-heading = STANNAR HOS ER (skickas aldrig, i någon form som går att läsa):
preview-all-records = { $n ->
    [one] { $n } post
   *[other] { $n } poster
  } i allt. Ingenting har skickats. Hela batchen: samla preview --full
seal-in-outbox = Batchen är krypterad och ligger i utkorgen: { $id }
seal-replaced = samla: { $batch }: ersätts i utkorgen av den nya batchen för { $year } (den hade aldrig tagits emot)
submit-key-pinned-now = Serverns kvittonyckel fästes nu: { $key }
submit-outbox-empty = Utkorgen är tom; inget att skicka.
submit-waiting = Batcher som väntar i utkorgen: { $n }. De är krypterade och skickas med `samla submit --retry` (eller nästa `samla submit`).
submit-unreachable = Servern kunde inte nås.
submit-receipt-saved = Kvittot är sparat: { $file }
submit-refused-moved = Servern tog inte emot batchen och kommer inte att göra det; den har flyttats till { $file }
submit-bad-answer = Serverns svar kunde inte godtas; räkna inte batchen som inskickad.
receipt-heading = Mottaget och lagrat av servern (signerat kvitto):
receipt-member = medlem
receipt-year = år
receipt-batch = batch
receipt-sha256 = sha256
receipt-received = mottaget
receipt-supersedes = ersätter
status-waiting = Batcher som väntar i utkorgen: { $n } (skicka med `samla submit --retry`)
status-no-receipts = Inga kvitton ännu.
status-year = År { $year }:
status-receipts-here = Kvitton sparade här:
status-none = inga
status-latest = {"  "}← senaste
status-superseded = {"  "}(ersatt)
status-receipt-invalid = { $file }: OGILTIGT kvitto (signaturen stämmer inte)
status-on-server = Hos servern (kvitton verifierade med den fästa nyckeln):
status-no-batches = inga batcher
status-counted = {"  "}← den som räknas
status-counts-latest = Servern räknar er senaste batch.
status-counts-other = OBS: servern räknar inte den batch ni senast fick kvitto på. Kontakta plattformen.
status-unknown-batch = Servern har en batch som det inte finns något kvitto för här (skickad från en annan dator?).
status-counts-none = Servern räknar ingen batch för året.
status-server-unreachable = Servern kunde inte frågas; visar bara det som finns här. ({ $detail })
init-configured = Samla är konfigurerat för { $org } i { $dir }.
init-server-key-pinned = Serverns kvittonyckel är fäst: { $key }
init-give-public-key = Ge organisationens publika nyckel till plattformens admin:
init-server-unreachable = Varning: servern kunde inte nås; dess nyckel fästs vid första kontakten ({ $detail })
linkage-secret-written = Ny länknyckel skriven (läsbar bara för dig): { $file }
linkage-secret-give = Ge den till varje medlem krypterad till medlemmen (t.ex. med age), aldrig till plattformens admin eller server.
rekey-done = En ny signeringsnyckel för { $org } är skapad; den gamla finns kvar bredvid. Ge den nya publika nyckeln till plattformens admin (samla-server org rekey); tills dess avvisas inskick:
recipients-updated = Adminmottagarna är uppdaterade ({ $n ->
    [one] { $n } mottagare
   *[other] { $n } mottagare
  }). Nästa inskick krypteras till dem.
recipients-server-unreachable = Varning: servern kunde inte nås; mottagarna fästs utan att jämföras med vad servern anger ({ $detail })

## Hjälp på kommandoraden (`samla --help`, `samla KOMMANDO --help`).
help-usage = Användning:
help-commands = Kommandon
help-options = Flaggor
help-arguments = Argument
help-flag-help = Visa hjälpen
help-flag-version = Visa versionen
help-samla = Samla: skicka er organisations årsstatistik till plattformen utan att någon person någonsin kan identifieras utanför er organisation.
help-samla--config = Konfigurationsmapp (standard: ~/.config/samla; i Windows %APPDATA%\samla)
help-samla--lang = Språk för meddelanden: sv (standard) eller en
help-samla--quiet = Inga förloppsindikatorer och inga informationsrader (för skript); fel skrivs fortfarande ut
help-samla-init = Konfigurera organisationen med inbjudningskoden från plattformen (--invite KOD): nycklar skapas och registreras, och länknyckeln kommer automatiskt från nyckelförvaltaren. (Det äldre sättet med --org, --server, --admin-recipients och --linkage-secret finns kvar; då skrivs den publika nyckeln på sista raden för plattformens admin.)
help-samla-init--org = Er organisations medlems-id, som plattformen registrerat det (t.ex. kvinnojouren-a)
help-samla-init--server = Plattformens serveradress (https://…)
help-samla-init--admin_recipients = Fil med admin-mottagarna (age1…), från plattformen
help-samla-init--linkage_secret = Länknyckelfilen från nyckelförvaltaren (läsbar bara för dig)
help-samla-init--server_key = Serverns kvittonyckel (samla-ed25519:…); hämtas från servern om den inte anges
help-samla-template = Skriv en tom mall för ett rapporteringsår.
help-samla-template--year = Rapporteringsåret (t.ex. 2024)
help-samla-template--format = xlsx (Excel, med listor att välja i) eller csv
help-samla-template--out = Filen som skrivs (skrivs aldrig över)
help-samla-validate = Kontrollera en fil mot årets dataformat. Ingenting skickas.
help-samla-validate--file = Den ifyllda filen (xlsx eller csv)
help-samla-validate--year = Rapporteringsåret
help-samla-validate--json = Skriv resultatet som JSON (fel med rad, kolumn, värde, kod, meddelande)
help-samla-preview = Visa vad som skulle lämna organisationen och vad som stannar, och de första posterna exakt som de skulle skickas (--full: hela batchen i klartext). Ingenting skickas.
help-samla-preview--file = Den ifyllda filen (xlsx eller csv)
help-samla-preview--year = Rapporteringsåret
help-samla-preview--full = Skriv hela batchen i klartext, byte för byte, i stället för översikten
help-samla-preview--records = Antal poster som visas i översikten
help-samla-submit = Kontrollera, pseudonymisera, kryptera, signera och skicka; skriver ut och sparar kvittot. Den förseglade batchen väntar i utkorgen tills servern har bekräftat den; batcher som redan väntar där skickas först.
help-samla-submit--file = Den ifyllda filen (xlsx eller csv)
help-samla-submit--year = Rapporteringsåret
help-samla-submit--retry = Skicka bara det som väntar i utkorgen (säkert att köra från cron eller en systemd-timer)
help-samla-submit--attempts = Antal anslutningsförsök innan den ger upp (med väntan emellan)
help-samla-status = Visa kvittona organisationen har, vad servern har och räknar, och vad som väntar i utkorgen.
help-samla-status--year = Bara detta rapporteringsår
help-samla-rekey = Skapa en ny signeringsnyckel för organisationen (en förlorad eller röjd nyckel, eller rutinmässigt byte). Skriver den nya publika nyckeln på sista raden: plattformens admin registrerar den med `samla-server org rekey`; tills dess avvisas inskick. Den gamla nyckeln sparas bredvid (läsbar bara för dig) som `signing-key.replaced-<tid>`.
help-samla-recipients = Fäst nya admin-mottagare (plattformen har bytt admin-nyckel): filen från plattformen, kontrollerad mot vad servern anger när den kan nås.
help-samla-recipients--file = Fil med admin-mottagarna (age1…), från plattformen
help-samla-linkage-secret = Nyckelförvaltare: skapa plattformens länknyckel.
help-samla-linkage-secret-new = Skapa en ny länknyckelfil (läsbar bara för dig).
help-samla-linkage-secret-new--out = Filen som skrivs (skrivs aldrig över)
err-org-id = --org { $org }: 2–64 tecken av a–z, 0–9, - och _ (det id plattformen gav er)
err-server-key = --server-key: det är ingen kvittonyckel för servern ({ $detail })
err-server-key-malformed = serverns kvittonyckel är felaktig; ingenting har skickats. Kontakta plattformen.
err-receipt-not-signed = kvittot är inte signerat med serverns nyckel som fästes vid `samla init`; räkna inte batchen som inskickad. Kontakta plattformen.

## Medlemmens fönster i webbläsaren (`samla ui`).
help-samla-ui = Öppna medlemmens fönster i webbläsaren (bara på den här datorn, med en engångshemlighet i länken).
help-samla-ui--port = Port på 127.0.0.1 (0: en ledig)
help-samla-ui--no_browser = Öppna ingen webbläsare; skriv bara ut länken
ui-open = Öppna { $url } i webbläsaren (länken fungerar bara medan programmet kör; tryck Ctrl+C för att avsluta)
ui-cannot-listen = kan inte lyssna på 127.0.0.1:{ $port }
ui-title = Samla – er organisations statistik
ui-bad-host = Sidan svarar bara på den här datorns egen adress (127.0.0.1).
ui-bad-origin = Avvisad: begäran kom inte från Samlas egen sida.
ui-no-secret = Den här sidan kan bara användas i fönstret som Samla själv öppnade. Stäng fönstret och starta Samla igen.
ui-year = Rapporteringsår
ui-format = Filtyp
ui-template-heading = Årets mall
ui-template-button = Ladda ned mallen
ui-check-heading = Kontrollera er fil
ui-check-text = Välj den ifyllda filen (Excel eller CSV). Ingenting skickas: filen läses bara på den här datorn.
ui-file = Fil
ui-check-button = Kontrollera filen
ui-check-again = Rätta filen och kontrollera den igen
ui-no-file = Välj ett år och en fil.
ui-col-row = Rad
ui-col-column = Kolumn
ui-col-value = Värde
ui-col-problem = Vad som är fel, och vad som är tillåtet
progress-pseudonymising = pseudonymiserar
ui-preview-heading = Det här skulle lämna er organisation
ui-preview-people = { $people ->
    [one] { $people } person
   *[other] { $people } personer
  } i { $file } för { $year }: { $keys ->
    [one] { $keys } nyckel eller kodning
   *[other] { $keys } nycklar och kodningar
  } i stället för namn, födelsedatum och id-nummer.
ui-preview-not-configured = För att se exakt vad som skulle skickas, konfigurera Samla först (samla init): { $why }
ui-preview-first = De första posterna exakt som de skulle skickas (ingenting har skickats):
ui-nav = Sidor
ui-nav-home = Start
ui-nav-status = Skickat och väntande
ui-nav-setup = Inställningar
ui-home-configured = Organisation: { $org }. Server: { $server }.
ui-home-not-configured = Samla är inte inställt på den här datorn ännu.
ui-send-heading = Skicka
ui-send-explain = Med knappen nedan krypteras { $people ->
    [one] posten
   *[other] de { $people } posterna
  } ovan för plattformen, signeras med { $org }s nyckel och skickas för { $year }. Ingenting annat lämnar datorn.
ui-send-button = Skicka { $year } till plattformen
ui-send-nothing = Det finns ingen kontrollerad fil att skicka (programmet kan ha startats om). Kontrollera filen igen och skicka därifrån.
ui-send-sealing = Krypterar och signerar …
ui-send-sending = Skickar till servern …
ui-waiting = Batcher som väntar i utkorgen: { $n }.
ui-outbox-heading = Utkorgen
ui-outbox-empty = Ingenting väntar i utkorgen.
ui-sealed-at = Förseglad
ui-retry-button = Försök skicka igen
ui-latest = senaste
ui-superseded = ersatt
ui-state = Läge
ui-setup-heading = Ställ in Samla
ui-setup-intro = Klistra in inbjudningskoden som ni fått från plattformen. Mer behövs inte: Samla skapar era nycklar och registrerar er hos plattformen.
ui-setup-button = Ställ in Samla
ui-setup-next = Fortsätt till er fil
err-template-format = { $file }: ange --format xlsx eller --format csv, eller låt filnamnet sluta på .xlsx eller .csv
err-reconfigure-org = den här konfigurationen gäller { $configured }, inte { $org }; en annan organisation sätts upp med en annan --config
err-reconfigure-nothing = { $dir } är inte konfigurerad ännu; kör `samla init` utan --reconfigure
init-reconfigured = Inställningarna för { $org } i { $dir } är ändrade; nycklarna är desamma, så plattformen behöver inte registrera något nytt.
help-samla-init--reconfigure = Ändra organisationens befintliga inställningar (server, mottagare, länknyckel, serverns nyckel); nycklarna behålls, så inget behöver registreras på nytt
submit-late = OBS: sista dag för { $year } var { $day }. Batchen togs emot under respittiden och räknas som sen.
preview-first-records = { $n ->
    [one] Den första personen
   *[other] De första { $n } personerna
  } så som de skickas (läsbart; `--full` visar varje byte):
preview-person = Person { $n }:
preview-keys-label = i stället för identiteten
preview-keys-value = { $keys ->
    [one] { $keys } nyckel
   *[other] { $keys } nycklar
  } och { $encodings ->
    [one] { $encodings } kodning
   *[other] { $encodings } kodningar
  } (slumpmässiga tecken för den som läser; bara plattformens länkning kan jämföra dem)
preview-birth-year-label = Födelseår
preview-birth-precision-label = Födelsedatumet i filen var
preview-birth-precision-day = ett helt datum (bara året skickas)
preview-birth-precision-month = år och månad (bara året skickas)
preview-birth-precision-year = bara ett år
ui-outbox-server-up = Servern svarar nu: tryck på "Försök skicka igen".
ui-outbox-server-down = De väntar för att servern inte kan nås just nu ({ $detail }). De är krypterade och skickas när ni försöker igen.

## Set-up by invitation and the linkage key
err-init-needs = Ange inbjudningskoden från plattformen (--invite KOD).
err-invite-malformed = Inbjudningskoden går inte att läsa: en del av den saknas eller har ändrats när den kopierades. Kopiera hela koden igen från meddelandet från plattformen. Fungerar det ändå inte, be plattformen om en ny inbjudan.
err-invite-version = Inbjudningskoden är gjord för en nyare version av Samla. Hämta den senaste versionen av Samla från plattformen och försök igen.
err-invite-already-configured = Samla är redan inställt för er organisation på den här datorn. Om ni vill börja om med en ny inbjudan, be plattformen om hjälp.
err-invite-unreachable = Det gick inte att nå plattformens server just nu ({ $detail }). Kontrollera att datorn är ansluten till internet och försök igen om en stund. Inbjudan gäller fortfarande.
err-invite-wrong-server = Servern som inbjudan pekar på visar inte den nyckel som inbjudan anger. Fortsätt inte: kontakta plattformen och berätta vad som hände.
err-invite-wrong-custodian = Servern visar inte den nyckelförvaltare som inbjudan anger. Fortsätt inte: kontakta plattformen och berätta vad som hände.
err-invite-no-recipients = Plattformens server har ingen krypteringsnyckel inställd än. Be plattformen ställa in den och försök sedan igen med samma inbjudan.
err-invite-used = Den här inbjudan har redan använts. Be plattformen om en ny inbjudan.
err-invite-expired = Den här inbjudan har gått ut. Be plattformen om en ny inbjudan.
err-invite-unknown = Plattformens server känner inte till den här inbjudan. Kontrollera att ni kopierat den senaste koden, eller be plattformen om en ny inbjudan.
err-linkage-envelope-bad = Länknyckeln som kom från servern går inte att öppna eller är inte signerad av plattformens nyckelförvaltare. Inget har ändrats. Kontakta plattformen.
err-linkage-not-delivered = Länknyckeln har inte kommit än. Den kommer automatiskt när plattformens nyckelförvaltare har skickat ut den; fram till dess kan ni kontrollera filer men inte skicka. Fråga plattformen om det dröjer.
invite-enrolled = Klart: Samla är inställt för { $org } och registrerat hos plattformen ({ $server }).
linkage-installed = Länknyckeln är på plats: ni kan skicka in.
linkage-waiting = Länknyckeln har inte kommit än. Den kommer automatiskt när plattformens nyckelförvaltare har skickat ut den; fram till dess kan ni kontrollera filer men inte skicka.
linkage-unknown = Det gick inte att fråga servern om länknyckeln ({ $detail }).
err-custodian-not-set-up = Det finns ingen nyckelförvaltare i { $dir }. Börja med `samla custodian init --server https://…`.
err-custodian-exists = Det finns redan en nyckelförvaltare i { $dir }; den skrivs aldrig över.
custodian-made = Nyckelförvaltaren är skapad i { $dir } (nyckel och länknyckel, läsbara bara för dig). Ge plattformen den publika nyckeln på nästa rad; den registreras med `samla-server custodian set`:
err-custodian-not-named = Servern har inte den här nyckelförvaltarens nyckel registrerad. Be plattformen registrera nyckeln som `samla custodian init` skrev ut (`samla-server custodian set`).
custodian-nothing-due = Alla registrerade medlemmar har redan den här länknyckeln.
custodian-will-deliver = { $n ->
    [one] Länknyckeln krypteras till { $n } medlem: { $members }
   *[other] Länknyckeln krypteras till { $n } medlemmar: { $members }
  }
custodian-confirm = Stämmer listan? Skicka ut länknyckeln till dem (ja/nej):
err-custodian-confirm = Kör med --yes för att skicka ut utan att frågas (eller i en terminal, där du får frågan).
custodian-cancelled = Inget skickades.
err-custodian-bad-recipient = Medlemmen { $org } har ingen giltig krypteringsnyckel på servern; inget skickades. Kontakta plattformen.
custodian-delivered = { $n ->
    [one] Länknyckeln (generation { $generation }) är krypterad och uppladdad till { $n } medlem. Den hämtas av medlemmens Samla nästa gång den öppnas.
   *[other] Länknyckeln (generation { $generation }) är krypterad och uppladdad till { $n } medlemmar. Den hämtas av medlemmarnas Samla nästa gång de öppnas.
  }
custodian-rotated = En ny länknyckel är gjord (generation { $generation }). Skicka ut den med `samla custodian deliver` före nästa insamling; batcher gjorda med olika länknycklar länkas aldrig ihop.
help-samla-init--invite = Inbjudningskoden från plattformen: med den behövs inget annat
help-samla-custodian = Nyckelförvaltaren: förvarar plattformens länknyckel och levererar den krypterad till varje registrerad medlem (körs aldrig med adminnyckeln).
help-samla-custodian-init = Skapa nyckelförvaltarens nyckel och länknyckeln; skriver nyckelförvaltarens publika nyckel på sista raden (plattformen registrerar den med `samla-server custodian set`).
help-samla-custodian-init--server = Plattformens serveradress (https://…)
help-samla-custodian-init--import = Ta över en länknyckel som medlemmarna redan använder (en fil från `samla linkage-secret new`) i stället för att skapa en ny
help-samla-custodian-deliver = Kryptera länknyckeln till varje registrerad medlem som inte har den än och ladda upp kuverten (visar vilka som får den och frågar först).
help-samla-custodian-deliver--yes = Fråga inte (för skript)
help-samla-custodian-rotate = Skapa en ny länknyckel till nästa insamling (en medlems nyckel har förlorats eller röjts); nästa `deliver` ger den till alla medlemmar.
ui-link-used = Den här länken har redan använts: av säkerhetsskäl fungerar den bara en gång. Stäng fönstret och starta Samla igen.
ui-session-ended = Fönstret har inte använts på en stund och har stängts av säkerhetsskäl. Starta Samla igen; inget av det ni skickat har gått förlorat.
ui-opened = Samla är öppet i webbläsaren. Öppnades det inte, öppna filen { $file } i webbläsaren (den fungerar en gång). Tryck Ctrl+C här för att avsluta.
ui-setup-invite = Inbjudningskod
ui-setup-invite-hint = Koden börjar med SAMLA- och kom i ett meddelande från plattformen. Den fungerar en gång.
ui-setup-invite-missing = Klistra in inbjudningskoden från plattformen.
ui-error-summary = Det finns ett problem
ui-setup-done-title = Samla är inställt
ui-setup-done = { $org } är registrerad hos plattformen.
ui-settings-heading = Inställningar
ui-settings-org = Organisation
ui-settings-server = Plattformens server
ui-settings-linkage = Länknyckel
ui-linkage-ok = På plats
ui-linkage-waiting-tag = Har inte kommit än
ui-linkage-unknown-tag = Okänt just nu
ui-settings-change = Ändra inställningarna
ui-settings-change-text = Är serverns adress fel, eller har datorn bytts ut? Be plattformen om en ny inbjudan och klistra in den här. Era nycklar byts och det ni redan skickat gäller fortfarande.
ui-settings-change-button = Ändra med en ny inbjudan
err-invite-other-org = Inbjudan gäller en annan organisation än { $org }. Be plattformen om en inbjudan till { $org }.
err-invite-outbox-not-empty = Det finns en batch som väntar på att skickas. Skicka den (Status, Försök skicka igen) innan inställningarna ändras.
round-not-yet-open = Insamlingen för { $year } har inte öppnat än; den öppnar { $opens }. Inget har krypterats eller skickats.
round-not-taking = Insamlingen för { $year } tar inte emot batcher nu: sista dag var { $day } och sena rapporter togs emot till och med { $grace }. Inget har krypterats eller skickats. Kontakta plattformen om ni behöver rätta något.
round-none-for-year = Det finns ingen insamling för { $year } på plattformens server. Inget har krypterats eller skickats. Kontrollera rapporteringsåret.
ui-round-closed-next = Filen är kontrollerad och i ordning, men den kan inte skickas till det här året nu.
ui-round-open = Insamlingen för { $year } är öppen. Sista dag: { $day }.
ui-round-none = Ingen insamling är öppen just nu.
ui-round-unknown = Plattformens server går inte att nå just nu, så vi kan inte visa vilken insamling som är öppen. Ni kan ändå kontrollera er fil.
ui-linkage-waiting-home = Länknyckeln har inte kommit än. Ni kan kontrollera er fil, men inte skicka förrän plattformens nyckelförvaltare har skickat ut den.
err-server-unreachable-connect = Plattformens server gick inte att nå: datorn fick ingen kontakt med den. Kontrollera att datorn är ansluten till internet och försök igen om en stund.
err-server-unreachable-timeout = Plattformens server svarade inte i tid. Försök igen om en stund.
err-server-unreachable-error = Plattformens server har tillfälliga problem och kunde inte ta emot något just nu. Försök igen om en stund.
err-server-refused-round_not_open = Servern tog inte emot batchen: insamlingen för året har inte öppnat.
err-server-refused-round_past_grace = Servern tog inte emot batchen: sista dagen och respittiden för året har passerat. Kontakta plattformen om ni behöver skicka något.
err-server-refused-bad_signature = Servern känner inte igen er organisations nyckel (den kan ha bytts eller stängts av). Kontakta plattformen.
err-server-refused-busy = Servern tar emot många inskick just nu; batchen ligger kvar och skickas igen.
err-server-refused-timeout = Batchen kom inte fram i tid; den ligger kvar och skickas igen.
err-server-refused-store_error = Servern kunde inte spara batchen just nu; den ligger kvar och skickas igen.
err-server-refused-bad_created_at = Servern tog inte emot batchen: datorns klocka verkar gå fel. Ställ klockan rätt och kontrollera filen igen.
err-server-refused-too_large = Servern tog inte emot batchen: den är större än servern tar emot. Kontakta plattformen.
err-server-refused-digest_mismatch = Batchen ändrades på vägen till servern och togs inte emot. Kontrollera filen och skicka igen.
err-server-refused-batch_id_conflict = Servern har redan en annan batch med samma id. Kontrollera filen och skicka igen.
err-server-refused-unsigned = Servern tog inte emot begäran eftersom den inte var signerad. Kontakta plattformen.
err-server-refused-stale = Servern tog inte emot begäran: datorns klocka verkar gå fel. Ställ klockan rätt och försök igen.
err-server-refused-internal = Plattformens server fick ett internt fel. Försök igen senare, och kontakta plattformen om det upprepas.
ui-refused-heading = Batcher som servern inte tog emot
ui-refused-text = De här batcherna skickades men togs inte emot. De skickas inte igen av sig själva.
ui-refused-why = Varför
ui-received = Mottaget
ui-received-text = Plattformens server har tagit emot och sparat er rapport för { $year } ({ $at }).
ui-receipt-kept = Kvittot är sparat på den här datorn; ni hittar det under Skickat och väntande.
ui-refused-advice = Batchen skickas inte igen. Den syns under Skickat och väntande med skälet.
ui-waits-advice = Batchen är krypterad och väntar på den här datorn. Försök igen om en stund under Skickat och väntande.
status-refused = Batcher som servern inte tog emot (de skickas inte igen):
ui-answers-heading = Kontrollera innan ni skickar
ui-answers-year = Rapporteringsår
ui-answers-file = Fil
ui-answers-people = Antal personer
ui-answers-leaves = Det som lämnar datorn
ui-answers-leaves-text = Statistiken ovan och nycklar i stället för namn, födelsedatum och id-nummer, krypterat till plattformen
ui-home-not-configured-text = Ni behöver bara inbjudningskoden som plattformen har skickat till er. Mallen och kontrollen av filen går att använda redan nu.
ui-template-need-year = Välj ett rapporteringsår för mallen.
ui-preview-first-records = { $n ->
    [one] Den första personen
   *[other] De första { $n } personerna
  } så som de skickas (läsbart):
status-audit-extends = Serverns granskningslogg bygger vidare på den som ert senaste kvitto såg (post { $from } → { $to }).
status-audit-broken = VARNING: serverns granskningslogg bygger inte vidare på den som kvittot för batch { $batch } såg: den kan ha skrivits om eller kortats. Spara era kvitton och kontakta plattformen.
err-audit-broken = serverns granskningslogg stämmer inte med era kvitton
