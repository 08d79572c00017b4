# Report page (samla-server aggregate → report.html), English.
report-title = Swedish Civil Society Platform against Human Trafficking – statistics { $year }
report-subtitle = Compiled from the member organisations' data on people they supported. Each person is counted once, even when several members met her.
internal-banner = INTERNAL – unprotected counts, not for publication
internal-tag = INTERNAL
totals-heading = Totals
totals-persons = People (deduplicated)
totals-direct = of whom potentially directly exploited
totals-indirect = of whom indirectly affected (e.g. children of victims)
totals-multi = People reported by more than one member
totals-raw = Sum of the members' reports (before deduplication)
totals-range = Uncertainty range for the number of people
totals-multi-range = Uncertainty range for people reported by more than one member
totals-members = Members reporting
population = Population
answered = answered
missing = not known
count = Count
percent = Share
hidden = hidden
change = Change
year-column = { $year }
chart-label = Chart: { $title }
chart-more = { $n ->
    [one] …and { $n } more row in the table
   *[other] …and { $n } more rows in the table
  }
multi-note = One person can be in several rows; shares are of the number who answered.
percent-note = Shares are of the number who answered.
linkage-heading = Linkage quality
linkage-links = Merges by { $kind }
linkage-refused-member = Candidates not merged (same member)
linkage-refused-id = Candidates not merged (different national ids)
linkage-conflict = Conflicting values: { $field }
linkage-explain-multi = Of them, { $multi } were reported by more than one member, between { $lower } and { $upper } with 90 % probability. This figure is less certain than the total, because every uncertain merge changes it directly.
linkage-by-members-heading = People by the number of members that reported them
linkage-members-col = Reported by
linkage-persons-col = People
linkage-range-col = Likely between (90 %)
linkage-members-n = { $n ->
    [one] { $n } member
   *[other] { $n } members
  }
linkage-members-more = { $n } or more members
linkage-method = Method of the uncertainty range
linkage-uncertain = Records whose merging is uncertain, by what it rests on: { $kind }
linkage-explain = The number of people is estimated at { $estimate }, and lies between { $lower } and { $upper } with 90 % probability. The same person may have been reported by several members, and this cannot always be decided for certain: { $name_only } records have no birth date and can only be compared by name, and { $year_only } have only a birth year. A common name counts for little, a rare one for much. The range shows how much the number can vary because of this.
linkage-method-text = Every pair of records that may be the same person gets a probability from how well the names (keyed encodings), birth dates, gender and country of birth agree, and from how common the name is. The model's parameters are estimated from the year's own data. The number of people and the range (5th–95th percentile) come from 400 sampled groupings into people that follow those probabilities, in which a member never reports the same person twice. The same divisions give the ranges of the people reported by several members, widened 2 times around their median because the uncertainty of the model's estimated parameters affects them more.
evidence-name_only = name only
evidence-year = name and birth year
evidence-month = name and birth month
evidence-full_date = name and full birth date
evidence-dates_differ = name, different birth dates
kind-probabilistic_name_only = name only (probabilistic)
kind-probabilistic_year = name and birth year (probabilistic)
kind-probabilistic_month = name and birth month (probabilistic)
kind-probabilistic_full_date = name and full birth date (probabilistic)
kind-probabilistic_dates_differ = name despite different birth dates (probabilistic)
disclosure-heading = Disclosure control
comparison-heading = Compared with { $previous }
pop-all = all people
pop-direct = potentially directly exploited
pop-indirect = indirectly affected
pop-direct_police_report = directly exploited with a police report
pop-direct_labour = directly exploited in labour exploitation
pop-direct_minors = directly exploited minors
pop-direct_sexual_in_sweden = directly exploited in sexual exploitation in Sweden
pop-per_table = each table's population
kind-national_id = national id number
kind-migration_id = Migration Agency case number
kind-name_date = name and birth date
kind-phonetic_name_date = name (sound) and birth date
kind-name_month = name and birth month
kind-name_year = name and birth year
kind-given_name_date = given name and birth date
kind-fuzzy = approximate match of encoded names
kind-related_person = relative of a merged person
footer = Produced with Samla. No names or other identifying data left the member organisations.
left-out-text = { $n ->
    [one] One member's report was received but could not be read. It is not included in any figure below; the member needs to send it again.
   *[other] { $n } members' reports were received but could not be read. They are not included in any figure below; the members need to send them again.
}
left-out-member = { $org }: received but unreadable

## Table titles (report.json keeps them in both languages; tables over one contract field without
## an entry here take the field's label from the data contract).
table-relation = Relation to the exploitation
table-gender = Gender (directly exploited)
table-age_group = Age group (directly exploited)
table-minors_adults = Minors and adults (directly exploited)
table-gender_by_age = Gender by age (directly exploited)
table-birth_region = Origin (directly exploited)
table-birth_region_all = Origin (directly and indirectly affected)
table-birth_country = Country of birth (directly exploited)
table-birth_country_all = Country of birth (directly and indirectly affected)
table-citizenship = Citizenship (directly exploited)
table-distinct_nationalities = Number of distinct nationalities
table-exploitation_forms = Form of exploitation (directly exploited, every form mentioned)
table-exploitation_single_multiple = Single or multiple exploitation
table-form_by_gender = Form of exploitation by gender
table-exploitation_place = Where the exploitation took place
table-social_services_any_support = Received any support from social services
table-sexual_in_sweden_by_origin = Sexual exploitation in Sweden by origin
table-continuing_cases = Continuing and new cases
table-minors_exploitation_forms = Form of exploitation (directly exploited minors)
table-civil_society_interventions = Civil-society interventions (number of interventions, summed over members)
table-data_completeness = Data completeness: share answered per question

## Row labels of derived tables (rows of one contract field take the contract's code labels).
label-minor = Minor (under 18)
label-adult = Adult (18 or older)
label-SE = Sweden
label-EU_EEA = Other EU/EEA
label-THIRD = Third country
label-stateless = Stateless
label-single = One form of exploitation
label-multiple = Multiple exploitation
label-sweden_only = In Sweden only
label-abroad_only = Abroad only
label-both = Both in Sweden and abroad
label-continuing = Continuing case (contact before the year)
label-new = New this year
label-direct = Directly exploited
label-all = All
label-any = Any support
# A cell of a cross table: its row and column labels.
label-cross = { $row } – { $column }

disclosure-rule = No published cell shows 1 or 2 people: such cells are hidden (primary suppression), as is a number of missing answers of 1 or 2 (with the number answered and the percentages of that table). Where a row, a column or a total of a table would let a hidden cell be recomputed, further cells are hidden until none can be (secondary suppression, checked by solving the table's equations). A table about 1 or 2 people is hidden whole. Nothing is broken down by member organisation. Small numbers in the linkage-quality section are hidden by the same rule.
disclosure-none = none (INTERNAL output)
internal-notice = INTERNAL — unprotected counts, not for publication
linkage-bounds-method = Fellegi-Sunter match probabilities for every candidate pair (keyed name encodings, birth date, gender, country of birth, name frequency; parameters estimated from the year's own data); persons_lower and persons_upper are the 5th and 95th percentiles of the number of persons over 400 sampled groupings (one record per member and person), pooled over the uncertainty of the person prior (×e^±0.7); persons is the grouping the tables are built on. The same divisions give the ranges of the people reported by several members, widened 2 times around their median because the uncertainty of the model's estimated parameters affects them more.
# CSV: the column names, separated by ';', and the first row of an internal file.
csv-columns = table;table_title;population;row;row_label;column;column_label;count;percent;suppressed;answered;missing
csv-internal = INTERNT – ej för publicering / not for publication
