# Messages about a member's file (validation and reading), Swedish.
problem-unknown-column = okänd kolumn; använd mallens kolumnnamn (`samla template`)
problem-duplicate-column = kolumnen finns två gånger
problem-missing-column = kolumnen saknas; den krävs för att skilja personerna åt
problem-cell-count = raden har { $got } celler men rubrikraden har { $expected }; kontrollera avgränsare och citattecken
problem-not-in-code-list = värdet finns inte i listan. Tillåtet: { $allowed }
problem-not-a-year = ska vara ett årtal med fyra siffror, t.ex. 2023
problem-year-out-of-range = årtalet ska vara mellan 1950 och 2100
problem-date-format = ska vara ett datum ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ
problem-date-not-real = datumet finns inte i kalendern
problem-date-future = datumet ligger i framtiden
problem-date-too-old = datumet är före 1900
problem-national-id-format = ska vara ett person- eller samordningsnummer, ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN
problem-national-id-date = datumdelen är inget riktigt datum
problem-national-id-check-digit = kontrollsiffran stämmer inte; kontrollera numret
problem-national-id-excel = Excel har gjort om numret till ett tal i grundpotensform och siffrorna har gått förlorade. Formatera kolumnen som Text (markera kolumnen, högerklicka, Formatera celler, Text) och skriv in numren igen.
problem-did-you-mean = Menade ni { $codes }?
problem-migration-id = ska bestå av siffror (högst 12, bindestreck och mellanslag tillåts)
problem-required = får inte vara tomt
problem-duplicate-local-id = samma id finns redan på rad { $first_row }; varje person ska ha ett eget id
problem-too-long = värdet är längre än { $max } tecken
problem-repeated-code = samma värde står flera gånger
problem-combined-exclusive = "none" och "unknown" kan inte kombineras med andra värden
problem-indirect-with-exploitation = ska vara tom för indirekt utsatta (relation annan än direct)
problem-related-to-required = krävs för indirekt utsatta: ange den direkt utsattas id (local_id) i samma fil
problem-related-to-unknown = inget local_id i filen har detta värde
problem-related-to-not-direct = ska peka på en direkt utsatt person, inte en indirekt
problem-related-to-on-direct = ska vara tom för direkt utsatta
problem-only-with-police-report = får bara fyllas i när police_report är yes
problem-contact-after-year = får inte vara senare än rapportåret { $year }
problem-age-group-mismatch = stämmer inte med födelsedatumet (väntat { $expected }); lämna åldersgruppen tom när födelsedatum finns
problem-no-rows = filen har inga datarader
problem-schema = ogiltigt värde: { $what }
allowed-countries-stateless = en landskod enligt ISO 3166-1 alfa-2 (t.ex. SE, RO, NG), "stateless" (statslös) eller "unknown" (okänt)
allowed-countries = en landskod enligt ISO 3166-1 alfa-2 (t.ex. SE, RO, NG) eller "unknown" (okänt)
report-row = { $file }, rad { $row }:
report-column = kolumn
report-value = värde
report-summary =
    { $rows ->
        [0] { $problems } fel i { $file }.
       *[other] { $problems } fel på { $rows } { $rows ->
            [one] rad
           *[other] rader
        } i { $file }.
    } Ingenting har skickats. Rätta filen och försök igen.
input-empty = filen är tom
input-too-large = filen är större än { $mib } MiB; dela upp den i flera filer eller kontakta plattformen
input-not-text = filen är inte en textfil (byte { $offset } är ett styrtecken): är det verkligen en CSV-fil?
input-unclosed-quote = rad { $row }: ett citattecken (") öppnas här men stängs aldrig, så resten av filen skulle bli en enda cell; ta bort det eller lägg till det avslutande citattecknet
input-delimiter = rubrikraden har varken semikolon eller komma; filen verkar vara avgränsad med '{ $found }'. Spara den som CSV med semikolon (standard i svenska Excel)
input-csv = rad { $row }: CSV-filen kan inte läsas: { $what }
input-unsupported-type = filtypen "{ $ext }" stöds inte; använd .csv eller .xlsx
input-locked = filen är öppen i ett annat program (Excel?): stäng den där och försök igen
input-not-found = filen finns inte: kontrollera namnet och mappen
input-io = filen kan inte läsas: { $what }
input-xlsx = Excel-filen kan inte öppnas: den är skadad eller ingen Excel-arbetsbok (.xlsx). Öppna den i Excel och spara som "Excel-arbetsbok", eller spara som CSV
input-xlsx-limit-unpacked = Excel-filen packas upp till mer än { $limit } MiB, långt mer än en årsrapport behöver. Kopiera uppgifterna till årets mall (samla template) eller spara som CSV
input-xlsx-limit-rows = Excel-filens blad når rad { $found }; Samla läser högst { $limit } rader. Ta bort tomma rader längst ner (eller kopiera uppgifterna till årets mall) och försök igen
input-xlsx-limit-columns = Excel-filens blad når kolumn nummer { $found }; Samla läser högst { $limit } kolumner. Ta bort tomma kolumner till höger (eller kopiera uppgifterna till årets mall) och försök igen
input-xlsx-limit-cells = Excel-filens blad spänner över { $found } celler; Samla läser högst { $limit }. Kopiera uppgifterna till årets mall eller spara som CSV
input-xlsx-limit-cell-text = en cell i Excel-filen har en text på { $found } tecken; Excel och Samla tillåter högst { $limit } tecken i en cell. Filen är skadad eller konstruerad; kopiera uppgifterna till årets mall
input-xlsx-limit-text = texten i Excel-filens celler är sammanlagt { $found } MiB; Samla läser högst { $limit } MiB. Filen är skadad eller konstruerad; kopiera uppgifterna till årets mall
nothing-sent = Ingenting har skickats.
err-secret-too-open = { $file }: behörigheterna är { $mode }; en hemlig fil får bara vara läsbar för sin ägare (chmod 600 { $file })
err-secret-shared = { $file }: andra användare på datorn kan läsa filen; en hemlig fil får bara vara er egen (ha den i er egen profil, t.ex. %APPDATA%\samla)
err-secret-exists = { $file } finns redan; en hemlighet skrivs aldrig över
err-file-missing = { $file }: filen finns inte
err-identity = admin-identiteten kunde inte öppnas: fel lösenfras, eller ingen Samla admin-identitet
err-no-recipients = det finns ingen admin-mottagare att kryptera till; använd filen som plattformen skickade
err-not-signing-key = det är ingen signeringsnyckel för Samla
err-not-public-key = det är ingen publik Samla-nyckel (samla-ed25519:…)
err-not-secret-file = det är ingen { $what } för Samla (en sådan fil börjar med { $start })
err-not-linkage-secret = länknyckel
err-not-member-secret = medlemshemlighet
