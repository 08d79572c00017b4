# Report page (samla-server aggregate → report.html), Swedish.
report-title = Plattformen Civila Sverige mot människohandel – statistik { $year }
report-subtitle = Sammanställning av medlemsorganisationernas uppgifter om personer som fått stöd. Varje person räknas en gång, även om flera medlemmar mött henne.
internal-banner = INTERNT – oskyddade siffror, får inte publiceras
internal-tag = INTERNT
totals-heading = Totalt
totals-persons = Personer (dubbletter borträknade)
totals-direct = varav potentiellt direkt utsatta
totals-indirect = varav indirekt utsatta (t.ex. barn till utsatta)
totals-multi = Personer som rapporterats av mer än en medlem
totals-raw = Summa av medlemmarnas rapporter (före dubblettkontroll)
totals-range = Osäkerhetsintervall för antalet personer
totals-multi-range = Osäkerhetsintervall för personer som rapporterats av mer än en medlem
totals-members = Medlemmar som rapporterat
population = Population
answered = besvarat
missing = uppgift saknas
count = Antal
percent = Andel
hidden = dolt
change = Förändring
year-column = { $year }
chart-label = Diagram: { $title }
chart-more = { $n ->
    [one] …och { $n } rad till i tabellen
   *[other] …och { $n } rader till i tabellen
  }
multi-note = En person kan förekomma i flera rader; andelarna räknas på antalet som besvarat frågan.
percent-note = Andelarna räknas på antalet som besvarat frågan.
linkage-heading = Länkningskvalitet
linkage-links = Sammanslagningar via { $kind }
linkage-refused-member = Kandidater som inte slogs ihop (samma medlem)
linkage-refused-id = Kandidater som inte slogs ihop (olika personnummer)
linkage-conflict = Motstridiga uppgifter: { $field }
linkage-explain-multi = Av dem har { $multi } rapporterats av mer än en medlem, med 90 % sannolikhet mellan { $lower } och { $upper }. Det talet är osäkrare än det totala antalet, eftersom varje osäker sammanslagning ändrar det direkt.
linkage-by-members-heading = Personer efter hur många medlemmar som rapporterat dem
linkage-members-col = Rapporterad av
linkage-persons-col = Personer
linkage-range-col = Troligen mellan (90 %)
linkage-members-n = { $n ->
    [one] { $n } medlem
   *[other] { $n } medlemmar
  }
linkage-members-more = { $n } eller fler medlemmar
linkage-method = Metod för osäkerhetsintervallet
linkage-uncertain = Poster vars sammanslagning är osäker, efter vad den vilar på: { $kind }
linkage-explain = Antalet personer uppskattas till { $estimate }, och ligger med 90 % sannolikhet mellan { $lower } och { $upper }. Samma person kan ha rapporterats av flera medlemmar, och det går inte alltid att avgöra säkert: { $name_only } poster saknar födelsedatum och kan bara jämföras på namn, och { $year_only } har bara födelseår. Ett vanligt namn väger lätt, ett ovanligt tungt. Intervallet visar hur mycket antalet kan variera med detta.
linkage-method-text = Varje par av poster som kan vara samma person får en sannolikhet utifrån hur väl namn (nycklade kodningar), födelsedatum, kön och födelseland stämmer, och hur vanligt namnet är. Modellens parametrar skattas ur årets egna uppgifter. Antalet personer och intervallet (5:e–95:e percentilen) kommer från 400 slumpade indelningar i personer som följer de sannolikheterna, där en medlem aldrig rapporterar samma person två gånger. Samma indelningar ger intervallen för personer som rapporterats av flera medlemmar, breddade 2 gånger kring medianen eftersom de påverkas mer av osäkerheten i modellens skattade parametrar.
evidence-name_only = bara namn
evidence-year = namn och födelseår
evidence-month = namn och födelsemånad
evidence-full_date = namn och fullständigt födelsedatum
evidence-dates_differ = namn, olika födelsedatum
kind-probabilistic_name_only = bara namn (sannolikhetsbedömning)
kind-probabilistic_year = namn och födelseår (sannolikhetsbedömning)
kind-probabilistic_month = namn och födelsemånad (sannolikhetsbedömning)
kind-probabilistic_full_date = namn och fullständigt födelsedatum (sannolikhetsbedömning)
kind-probabilistic_dates_differ = namn trots olika födelsedatum (sannolikhetsbedömning)
disclosure-heading = Röjandeskydd
comparison-heading = Jämfört med { $previous }
pop-all = alla personer
pop-direct = potentiellt direkt utsatta
pop-indirect = indirekt utsatta
pop-direct_police_report = direkt utsatta med polisanmälan
pop-direct_labour = direkt utsatta för arbetskraftsexploatering
pop-direct_minors = direkt utsatta barn
pop-direct_sexual_in_sweden = direkt utsatta för sexuell exploatering i Sverige
pop-per_table = varje tabells population
kind-national_id = personnummer
kind-migration_id = Migrationsverkets ärendenummer
kind-name_date = namn och födelsedatum
kind-phonetic_name_date = namn (uttal) och födelsedatum
kind-name_month = namn och födelsemånad
kind-name_year = namn och födelseår
kind-given_name_date = förnamn och födelsedatum
kind-fuzzy = ungefärlig matchning av kodade namn
kind-related_person = anhörig till sammanslagen person
footer = Framställd med Samla. Inga namn eller andra identifierande uppgifter har lämnat medlemsorganisationerna.
left-out-text = { $n ->
    [one] En medlems rapport togs emot men kunde inte läsas. Den ingår inte i någon siffra nedan; medlemmen behöver skicka in den på nytt.
   *[other] { $n } medlemmars rapporter togs emot men kunde inte läsas. De ingår inte i någon siffra nedan; medlemmarna behöver skicka in dem på nytt.
}
left-out-member = { $org }: mottagen men oläsbar

## Table titles (report.json keeps them in both languages; tables over one contract field without
## an entry here take the field's label from the data contract).
table-relation = Relation till exploateringen
table-gender = Kön (direkt utsatta)
table-age_group = Åldersgrupp (direkt utsatta)
table-minors_adults = Barn och vuxna (direkt utsatta)
table-gender_by_age = Kön och ålder (direkt utsatta)
table-birth_region = Ursprung (direkt utsatta)
table-birth_region_all = Ursprung (direkt och indirekt utsatta)
table-birth_country = Födelseland (direkt utsatta)
table-birth_country_all = Födelseland (direkt och indirekt utsatta)
table-citizenship = Medborgarskap (direkt utsatta)
table-distinct_nationalities = Antal olika medborgarskap
table-exploitation_forms = Exploateringsform (direkt utsatta, alla former som nämnts)
table-exploitation_single_multiple = En eller flera exploateringsformer
table-form_by_gender = Exploateringsform efter kön
table-exploitation_place = Var exploateringen skett
table-social_services_any_support = Fått något stöd från socialtjänsten
table-sexual_in_sweden_by_origin = Sexuell exploatering i Sverige efter ursprung
table-continuing_cases = Pågående och nya ärenden
table-minors_exploitation_forms = Exploateringsform (direkt utsatta barn)
table-civil_society_interventions = Insatser från civilsamhället (antal insatser, summerat över medlemmar)
table-data_completeness = Datakvalitet: andel besvarade per fråga

## Row labels of derived tables (rows of one contract field take the contract's code labels).
label-minor = Barn (under 18 år)
label-adult = Vuxen (18 år eller äldre)
label-SE = Sverige
label-EU_EEA = Övriga EU/EES
label-THIRD = Tredjeland
label-stateless = Statslös
label-single = En exploateringsform
label-multiple = Multipel exploatering
label-sweden_only = Endast i Sverige
label-abroad_only = Endast utomlands
label-both = Både i Sverige och utomlands
label-continuing = Pågående ärende (kontakt före året)
label-new = Nytt under året
label-direct = Direkt utsatta
label-all = Alla
label-any = Något stöd
# A cell of a cross table: its row and column labels.
label-cross = { $row } – { $column }

disclosure-rule = Ingen publicerad cell visar 1 eller 2 personer: sådana celler döljs (primär undertryckning), liksom ett antal saknade svar på 1 eller 2 (och då även antalet besvarade och tabellens procentandelar). Där en rad, en kolumn eller en summa i tabellen skulle göra det möjligt att räkna ut en dold cell döljs fler celler tills ingen kan räknas ut (sekundär undertryckning, kontrollerad genom att tabellens ekvationer löses). En tabell om 1 eller 2 personer döljs helt. Ingenting redovisas per medlemsorganisation. Små tal i avsnittet om länkningskvalitet döljs enligt samma regel.
disclosure-none = ingen (INTERNT underlag)
internal-notice = INTERNT – oskyddade siffror, inte för publicering
linkage-bounds-method = Fellegi–Sunter-sannolikheter för varje kandidatpar (nycklade namnkodningar, födelsedatum, kön, födelseland, namnets frekvens; parametrarna skattas ur årets egna uppgifter); persons_lower och persons_upper är 5:e och 95:e percentilen av antalet personer över 400 slumpade indelningar (en post per medlem och person), sammanslagna över osäkerheten i personpriorn (×e^±0,7); persons är den indelning tabellerna bygger på. Samma indelningar ger intervallen för personer som rapporterats av flera medlemmar, breddade 2 gånger kring medianen eftersom de påverkas mer av osäkerheten i modellens skattade parametrar.
# CSV: the column names, separated by ';', and the first row of an internal file.
csv-columns = tabell;tabell_namn;population;rad;rad_namn;kolumn;kolumn_namn;antal;procent;dold;besvarade;saknas
csv-internal = INTERNT – ej för publicering / not for publication
