# Messages about a member's file (validation and reading), English.
problem-unknown-column = unknown column; use the template's column names (`samla template`)
problem-duplicate-column = the column appears twice
problem-missing-column = the column is missing; it is required to tell the people apart
problem-cell-count = the row has { $got } cells but the header has { $expected }; check delimiters and quotes
problem-not-in-code-list = the value is not in the list. Allowed: { $allowed }
problem-not-a-year = must be a four-digit year, e.g. 2023
problem-year-out-of-range = the year must be between 1950 and 2100
problem-date-format = must be a date YYYY-MM-DD, YYYY-MM or YYYY
problem-date-not-real = no such date in the calendar
problem-date-future = the date is in the future
problem-date-too-old = the date is before 1900
problem-national-id-format = must be a personal or co-ordination number, YYYYMMDD-NNNN or YYMMDD-NNNN
problem-national-id-date = the date part is not a real date
problem-national-id-check-digit = the check digit is wrong; check the number
problem-national-id-excel = Excel turned the number into scientific notation and its digits are lost. Format the column as Text (select the column, right-click, Format Cells, Text) and type the numbers again.
problem-did-you-mean = Did you mean { $codes }?
problem-migration-id = must be digits (at most 12; dashes and spaces allowed)
problem-required = must not be empty
problem-duplicate-local-id = the same id is already on row { $first_row }; each person needs their own id
problem-too-long = the value is longer than { $max } characters
problem-repeated-code = the same value appears more than once
problem-combined-exclusive = "none" and "unknown" cannot be combined with other values
problem-indirect-with-exploitation = must be empty for indirectly affected persons (relation other than direct)
problem-related-to-required = required for indirectly affected persons: give the local_id of the directly exploited person in the same file
problem-related-to-unknown = no local_id in the file has this value
problem-related-to-not-direct = must point to a directly exploited person, not an indirect one
problem-related-to-on-direct = must be empty for directly exploited persons
problem-only-with-police-report = may only be filled in when police_report is yes
problem-contact-after-year = must not be later than the reporting year { $year }
problem-age-group-mismatch = does not agree with the birth date (expected { $expected }); leave the age group empty when a birth date is given
problem-no-rows = the file has no data rows
problem-schema = invalid value: { $what }
allowed-countries-stateless = an ISO 3166-1 alpha-2 country code (e.g. SE, RO, NG), "stateless" or "unknown"
allowed-countries = an ISO 3166-1 alpha-2 country code (e.g. SE, RO, NG) or "unknown"
report-row = { $file }, row { $row }:
report-column = column
report-value = value
report-summary =
    { $problems } { $problems ->
        [one] problem
       *[other] problems
    }{ $rows ->
        [0] {""}
       *[other] {" "}on { $rows } { $rows ->
            [one] row
           *[other] rows
        }
    } in { $file }. Nothing was sent. Correct the file and try again.
input-empty = the file is empty
input-too-large = the file is larger than { $mib } MiB; split it or contact the platform
input-not-text = the file is not text (byte { $offset } is a control character): is it really a CSV file?
input-unclosed-quote = row { $row }: a quotation mark (") is opened here and never closed; the rest of the file would be one cell
input-delimiter = the header row has no semicolons or commas; the file seems to be separated by '{ $found }': save it as CSV with semicolons (Swedish Excel's default)
input-csv = row { $row }: the CSV cannot be read: { $what }
input-unsupported-type = unsupported file type "{ $ext }": use a .csv or .xlsx file
input-locked = the file is open in another program (Excel?): close it there, then try again
input-not-found = there is no such file: check the name and the folder
input-io = cannot read the file: { $what }
input-xlsx = the Excel file cannot be opened: it is damaged or not an Excel workbook (.xlsx). Open it in Excel and save it as "Excel Workbook", or save it as CSV
input-xlsx-limit-unpacked = the Excel file unpacks to more than { $limit } MiB, far more than a year's report needs. Copy the data into the year's template (samla template) or save it as CSV
input-xlsx-limit-rows = the Excel file's sheet reaches row { $found }; Samla reads at most { $limit } rows. Delete the empty rows at the bottom (or copy the data into the year's template) and try again
input-xlsx-limit-columns = the Excel file's sheet reaches column number { $found }; Samla reads at most { $limit } columns. Delete the empty columns on the right (or copy the data into the year's template) and try again
input-xlsx-limit-cells = the Excel file's sheet spans { $found } cells; Samla reads at most { $limit }. Copy the data into the year's template or save it as CSV
input-xlsx-limit-cell-text = a cell of the Excel file holds a text of { $found } characters; Excel and Samla allow at most { $limit } in one cell. The file is damaged or crafted; copy the data into the year's template
input-xlsx-limit-text = the text in the Excel file's cells adds up to { $found } MiB; Samla reads at most { $limit } MiB. The file is damaged or crafted; copy the data into the year's template
nothing-sent = Nothing was sent.
err-secret-too-open = { $file }: its permissions are { $mode }; a secret file must be readable by its owner only (chmod 600 { $file })
err-secret-shared = { $file }: other users of this computer may read it; a secret file must be yours alone (keep it in your own profile, e.g. %APPDATA%\samla)
err-secret-exists = { $file } already exists; a secret is never overwritten
err-file-missing = { $file }: there is no such file
err-identity = the admin identity could not be opened: a wrong passphrase, or not a Samla admin identity
err-no-recipients = there is no admin recipient to encrypt to; use the file the platform sent
err-not-signing-key = not a Samla signing key
err-not-public-key = not a Samla public key (samla-ed25519:…)
err-not-secret-file = not a Samla { $what } (such a file starts with { $start })
err-not-linkage-secret = linkage secret
err-not-member-secret = member secret
