# The member's command line (samla), Swedish.
client-error = fel
client-reading-and-checking = Läser och kontrollerar
client-already-exists-choose-another-file = finns redan; välj ett annat filnamn
client-template-written = Mall skriven:
client-this-is-exactly-the-text = Detta är exakt den text som krypteras och skickas (med nytt batch-id och ny tid vid varje körning). Namn, födelsedatum, personnummer och egna ärende-id finns inte med; de har ersatts av nycklar som bara medlemmarna kan räkna fram.
client-the-batch-is-encrypted-and = Batchen är krypterad och ligger i utkorgen:
client-new-linkage-secret-written-readable = Ny länknyckel skriven (läsbar bara för dig):
client-give-it-to-each-member = Ge den till varje medlem krypterad till medlemmen (t.ex. med age), aldrig till plattformens admin eller server.
client-already-configured-use-another-config = redan konfigurerad; använd en annan --config
client-warning-the-server-could-not = Varning: servern kunde inte nås; dess nyckel fästs vid första kontakten
client-the-server-advertises-admin-recipients = servern anger andra admin-mottagare än de som är fästa i er konfiguration. Ingenting har skickats. Kontakta plattformen: servern kan vara komprometterad.
client-replaced-in-the-outbox-by = ersätts i utkorgen av den nya batchen (den hade aldrig tagits emot) för
client-the-server-shows-a-different = servern visar en annan kvittonyckel än den som fästes vid `samla init`. Ingenting har skickats. Kontakta plattformen.
client-the-server-s-receipt-key = Serverns kvittonyckel fästes nu:
client-the-outbox-is-empty-nothing = Utkorgen är tom; inget att skicka.
client-batches-waiting-in-the-outbox = Batcher som väntar i utkorgen:
client-they-are-encrypted-and-will = De är krypterade och skickas med `samla submit --retry` (eller nästa `samla submit`).
client-the-server-could-not-be = Servern kunde inte nås.
client-receipt-saved = Kvittot är sparat:
client-the-server-did-not-accept = Servern tog inte emot batchen och kommer inte att göra det; den har flyttats till
client-the-server-s-answer-could = Serverns svar kunde inte godtas; räkna inte batchen som inskickad.
client-received-and-stored-by-the = Mottaget och lagrat av servern (signerat kvitto):
client-member = medlem
client-year = år
client-received = mottaget
client-supersedes = ersätter
client-send-with-samla-submit-retry = skicka med `samla submit --retry`
client-no-receipts-yet = Inga kvitton ännu.
client-year-2 = År
client-receipts-kept-here = Kvitton sparade här:
client-none = inga
client-latest = {"  "}← senaste
client-superseded = {"  "}(ersatt)
client-invalid-receipt-signature-does-not = OGILTIGT kvitto (signaturen stämmer inte)
client-on-the-server-receipts-verified = Hos servern (kvitton verifierade med den fästa nyckeln):
client-no-batches = inga batcher
client-the-one-counted = {"  "}← den som räknas
client-the-server-counts-your-latest = Servern räknar er senaste batch.
client-note-the-server-does-not = OBS: servern räknar inte den batch ni senast fick kvitto på. Kontakta plattformen.
client-the-server-holds-a-batch = Servern har en batch som det inte finns något kvitto för här (skickad från en annan dator?).
client-the-server-counts-no-batch = Servern räknar ingen batch för året.
client-the-server-could-not-be-2 = Servern kunde inte frågas; visar bara det som finns här.
client-data = Uppgifter
client-codes = Koder
client-value-not-in-the-list = Värde utanför listan
client-several-values-separate-them-with = Flera värden: skriv dem med semikolon emellan, t.ex. "Tiggeri;Kriminella ändamål".
client-instructions = Instruktioner
client-preview-of = Förhandsvisning av
client-people = personer
client-sent-encrypted-so-that-only = SKICKAS (krypterat så att bara plattformens admin kan läsa det):
client-as-in-the-file-the = som det står i filen (koden)
client-empty-in-the-file-not = tom i filen – skickas inte
client-the-birth-year-and-whether = födelseåret och om datumet var helt, månad eller bara år – inte datumet
client-keys-only-your-organisation-can = nycklar som bara er organisation kan räkna fram ur era ärende-id
client-encoded-linkage-keys-of-names = kodade länkningsnycklar av namn, födelsedatum och id-nummer; kan inte vändas tillbaka utan medlemmarnas gemensamma hemliga nyckel
client-stays-with-you-never-sent = STANNAR HOS ER (skickas aldrig, i någon form som går att läsa):
client-the-first = De första
client-records-exactly-as-they-are = posterna exakt som de skickas:
client-records-in-all-nothing-was = poster i allt. Ingenting har skickats. Hela batchen:
client-rows-valid = { $file }: { $rows } rader är giltiga för { $year }. Ingenting har skickats.
client-configured = Samla är konfigurerat för { $org } i { $dir }.
client-server-key-pinned = Serverns kvittonyckel är fäst: { $key }
client-give-public-key = Ge organisationens publika nyckel till plattformens admin:
client-instructions-text =
    Samla – mall för statistik { $year }
    {""}
    En rad per person som ni mött under året. Lämna en cell tom om uppgiften inte är känd.
    Kolumnerna eget ärende-id, förnamn, efternamn, födelsedatum, personnummer, dossiernummer och 'anhörig till' lämnar ALDRIG er dator:
    de används bara för att räkna ut nycklar så att samma person räknas en gång även om flera organisationer mött henne.
    Födelsedatum: ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller bara ÅÅÅÅ om inte mer är känt.
    Kolumner med lista: välj i listan. Där flera värden får anges, skriv dem med semikolon emellan.
    Barn och andra anhöriga: välj relation och skriv den utsattas eget ärende-id i kolumnen 'Anhörig till'.
    Kontrollera filen med: samla validate FIL --year ÅR. Se exakt vad som skickas med: samla preview FIL --year ÅR.
client-rekey-outbox-not-empty = det finns satser som väntar i utkorgen, signerade med den gamla nyckeln: skicka dem först (samla submit --retry) och byt nyckel sedan
client-rekey-done = En ny signeringsnyckel för { $org } är skapad; den gamla finns kvar bredvid. Ge den nya publika nyckeln till plattformens admin (samla-server org rekey); tills dess avvisas inskick:
client-recipients-updated = Adminmottagarna är uppdaterade ({ $n } st). Nästa inskick krypteras till dem.
err-unknown-year = --year { $year }: det finns inget dataformat för rapporteringsåret { $year } (Samla känner till 2020–2100)
err-not-configured = { $dir }: här finns ingen Samla-konfiguration. Kör `samla init` först (eller ange --config MAPP)
err-bad-recipients-file = { $file }, rad { $line }: det är ingen age-mottagare (age1…). Använd filen som plattformen skickade, oförändrad
