# The member's command line (samla), Swedish. Whole sentences with arguments; ids say what the
# message is for (err-… for errors, the command first for its output).
error-line = samla: fel: { $message }
err-file-exists = { $file } finns redan; välj ett annat filnamn
err-no-config-dir = ingen konfigurationsmapp: ange --config MAPP eller sätt SAMLA_CONFIG
err-bad-config = { $file }: det är ingen giltig Samla-konfiguration
err-already-configured = { $dir } är redan konfigurerad; använd en annan --config
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
err-server-unreachable = servern gick inte att nå efter { $attempts } försök: { $detail }
err-server-refused = servern tog inte emot batchen ({ $status }, { $code }): { $detail }
err-server-refused-round_closed = servern tog inte emot batchen: insamlingen för året är stängd ({ $status }, { $code }). Kontakta plattformen om ni behöver rätta er rapport. Serverns besked: { $detail }
err-server-refused-stale_batch = servern tog inte emot batchen: den har redan en nyare batch från er för året ({ $status }, { $code }). Serverns besked: { $detail }
err-server-refused-bad_member = servern tog inte emot batchen: den känner inte igen er organisation eller nyckel ({ $status }, { $code }). Kontakta plattformen. Serverns besked: { $detail }
err-server-refused-too_many_uploads = servern tar emot för många inskick från er just nu ({ $status }, { $code }); batchen ligger kvar och skickas igen. Serverns besked: { $detail }
err-server-bad-answer = serverns svar är inte giltigt: { $detail }
reading-file = Läser och kontrollerar { $file }…
validate-rows-valid = { $file }: { $rows } rader är giltiga för { $year }. Ingenting har skickats.
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
preview-heading = Förhandsvisning av { $file } ({ $people } personer, { $year })
preview-sent-heading = SKICKAS (krypterat så att bara plattformens admin kan läsa det):
preview-field-filled = som det står i filen (koden)
preview-field-empty = tom i filen – skickas inte
preview-birth-year = födelseåret och om datumet var helt, månad eller bara år – inte datumet
preview-record-refs = nycklar som bara er organisation kan räkna fram ur era ärende-id
preview-linkage-keys = kodade länkningsnycklar av namn, födelsedatum och id-nummer; kan inte vändas tillbaka utan medlemmarnas gemensamma hemliga nyckel
preview-kept-heading = STANNAR HOS ER (skickas aldrig, i någon form som går att läsa):
preview-first-records = De första { $n } posterna exakt som de skickas:
preview-all-records = { $n } poster i allt. Ingenting har skickats. Hela batchen: samla preview --full
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
recipients-updated = Adminmottagarna är uppdaterade ({ $n } st). Nästa inskick krypteras till dem.
recipients-server-unreachable = Varning: servern kunde inte nås; mottagarna fästs utan att jämföras med vad servern anger ({ $detail })
