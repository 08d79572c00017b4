#!/usr/bin/env python3
"""Write the corpus of bad input files (tests/corpus/bad/*) that tests/tests/corpus.rs runs
through `samla validate` and `samla submit`, each against its exact expected message
(tests/corpus/expected/*.txt, blessed with SAMLA_BLESS=1 and reviewed).

Deterministic: re-running it rewrites the same bytes. Files that must be generated at test
time (a file over the size limit, xlsx with merged cells or several sheets) are made by the
test itself.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "bad")

HEADER = [
    "local_id", "given_name", "family_name", "birth_date", "national_id", "migration_id", "relation",
    "related_to", "gender", "age_group", "birth_country", "citizenship", "exploitation_forms", "labour_sector",
    "exploitation_countries", "identified_by", "contact_start_year", "social_services_contact",
    "social_services_support", "civil_society_support", "support_reason", "nsp", "basic_needs_unmet",
    "police_report", "reported_crimes", "legal_status", "rights_met",
]

# Three good rows: a woman in sexual exploitation with a police report, a man in labour
# exploitation, and her child.
GOOD = [
    {"local_id": "KV-1", "given_name": "Olga", "family_name": "Ivanova", "birth_date": "1990-03-04",
     "relation": "direct", "gender": "female", "birth_country": "UA", "citizenship": "UA",
     "exploitation_forms": "sexual", "exploitation_countries": "SE", "identified_by": "police",
     "contact_start_year": "2024", "social_services_contact": "yes",
     "social_services_support": "protected_housing", "civil_society_support": "legal_advice;accompaniment",
     "support_reason": "no_authority_support", "nsp": "no", "basic_needs_unmet": "yes",
     "police_report": "yes", "reported_crimes": "trafficking", "legal_status": "investigation_ongoing",
     "rights_met": "injured_party_counsel"},
    {"local_id": "KV-2", "given_name": "Grace", "family_name": "Okafor", "birth_date": "1985",
     "relation": "direct", "gender": "male", "birth_country": "NG", "citizenship": "NG",
     "exploitation_forms": "labour", "labour_sector": "construction", "exploitation_countries": "SE",
     "identified_by": "own_organisation", "contact_start_year": "2023", "police_report": "no"},
    {"local_id": "KV-3", "given_name": "Maja", "family_name": "Ivanova", "birth_date": "2019-06-01",
     "relation": "indirect_child", "related_to": "KV-1", "gender": "female", "birth_country": "SE",
     "contact_start_year": "2024"},
]

CODED = {
    "relation": "direct", "gender": "female", "birth_country": "UA", "citizenship": "UA",
    "exploitation_forms": "sexual", "labour_sector": "construction", "exploitation_countries": "SE",
    "identified_by": "police", "social_services_contact": "yes", "social_services_support": "protected_housing",
    "civil_society_support": "legal_advice", "support_reason": "no_authority_support", "nsp": "no",
    "basic_needs_unmet": "yes", "police_report": "yes", "reported_crimes": "trafficking",
    "legal_status": "investigation_ongoing", "rights_met": "injured_party_counsel",
}


def quote(v):
    return f'"{v}"' if (";" in v or '"' in v or "\n" in v) and not v.startswith('"') else v


def csv_text(rows, header=HEADER, sep=";", eol="\n"):
    lines = [sep.join(header)]
    for r in rows:
        lines.append(sep.join(quote(r.get(k, "")) if sep == ";" else r.get(k, "") for k in header))
    return eol.join(lines) + eol


def with_row0(**changes):
    rows = [dict(r) for r in GOOD]
    rows[0].update(changes)
    return rows


FILES = {}


def add(name, content):
    assert name not in FILES, name
    FILES[name] = content.encode("utf-8") if isinstance(content, str) else content


# --- whole-file problems ---
add("empty.csv", b"")
add("only-bom.csv", b"\xef\xbb\xbf")
add("only-blank-lines.csv", "\n\n\r\n")
add("header-only.csv", ";".join(HEADER) + "\n")
add("binary-junk.csv", bytes((i * 37 + 11) % 256 for i in range(2048)))
add("png-named-csv.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
add("pdf-named-csv.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00")
add("zip-named-xlsx.xlsx", b"PK\x03\x04" + bytes(40) + b"not really a workbook")
add("text-named-xlsx.xlsx", csv_text(GOOD))
add("wrong-extension.pdf", csv_text(GOOD))
add("tab-separated-bad-nsp.csv", csv_text(with_row0(nsp="kanske"), sep="\t"))
add("pipe-separated.csv", csv_text(GOOD, sep="|"))
add("unclosed-quote.csv", csv_text(GOOD).replace("legal_advice;accompaniment", 'legal_advice;accompaniment', 1)
    .replace('"legal_advice;accompaniment"', '"legal_advice;accompaniment', 1))
add("too-many-cells.csv", csv_text(GOOD).replace("injured_party_counsel\n", "injured_party_counsel;extra;more\n", 1))

# --- header problems ---
add("unknown-column.csv", csv_text(GOOD, header=HEADER + ["shoe_size"]))
add("misspelled-column.csv", csv_text(GOOD, header=[("gendr" if h == "gender" else h) for h in HEADER]))
add("duplicate-column.csv", csv_text(GOOD, header=HEADER + ["gender"]))
add("missing-local-id-column.csv", csv_text(GOOD, header=[h for h in HEADER if h != "local_id"]))
add("header-in-english-labels-typo.csv", csv_text(GOOD, header=[("Gender!" if h == "gender" else h) for h in HEADER]))

# --- identifiers ---
add("duplicate-local-id.csv", csv_text(GOOD + [dict(GOOD[1])]))
add("empty-local-id.csv", csv_text(with_row0(local_id="")))
add("local-id-1mb.csv", csv_text(with_row0(local_id="X" * 1_048_576)))
add("name-cell-1mb.csv", csv_text(with_row0(given_name="A" * 1_048_576)))
add("national-id-bad-check-digit.csv", csv_text(with_row0(national_id="19900304-1230")))
add("national-id-too-short.csv", csv_text(with_row0(national_id="900304-12")))
add("national-id-letters.csv", csv_text(with_row0(national_id="19900304-ABCD")))
add("national-id-impossible-date.csv", csv_text(with_row0(national_id="19901340-1234")))
add("migration-id-letters.csv", csv_text(with_row0(migration_id="MIG-ABC")))

# --- dates ---
for name, value in [
    ("feb-30", "1990-02-30"), ("month-13", "1990-13-01"), ("month-00", "1990-00-10"),
    ("slashes", "04/03/1990"), ("swedish-words", "fjärde mars 1990"), ("future", "2031-01-01"),
    ("year-1800", "1800-05-05"), ("two-digit-year", "90-03-04"), ("day-32", "1990-01-32"),
    ("spaces-inside", "1990 03 04"), ("formula", "=TODAY()"), ("excel-serial-text", "32936,5"),
]:
    add(f"birth-date-{name}.csv", csv_text(with_row0(birth_date=value)))

# --- every coded column: an unknown value and a near miss ---
for field, good in CODED.items():
    add(f"code-unknown-{field}.csv", csv_text(with_row0(**{field: "xyz"})))
    near = {"UA": "UKR", "SE": "Sverige?", "NG": "Nigeria!"}.get(good, good[:-1] + ("x" if good[-1] != "x" else "y"))
    add(f"code-near-miss-{field}.csv", csv_text(with_row0(**{field: near})))

# --- multi-valued cells ---
add("repeated-code.csv", csv_text(with_row0(civil_society_support="legal_advice;legal_advice")))
add("none-combined.csv", csv_text(with_row0(rights_met="none;reflection_period")))
add("comma-instead-of-semicolon-in-cell.csv", csv_text(with_row0(civil_society_support="legal_advice,accompaniment")))

# --- cross-field rules ---
add("indirect-with-exploitation.csv", csv_text([GOOD[0], GOOD[1], dict(GOOD[2], exploitation_forms="sexual")]))
add("indirect-without-related-to.csv", csv_text([GOOD[0], GOOD[1], dict(GOOD[2], related_to="")]))
add("related-to-nowhere.csv", csv_text([GOOD[0], GOOD[1], dict(GOOD[2], related_to="KV-99")]))
add("related-to-indirect.csv", csv_text([GOOD[0], GOOD[1], dict(GOOD[2]), dict(GOOD[2], local_id="KV-4", related_to="KV-3")]))
add("related-to-on-direct.csv", csv_text(with_row0(related_to="KV-2")))
add("crimes-without-police-report.csv", csv_text(with_row0(police_report="no")))
add("legal-status-without-police-report.csv", csv_text([GOOD[0], dict(GOOD[1], legal_status="convicted"), GOOD[2]]))
add("contact-after-year.csv", csv_text(with_row0(contact_start_year="2025")))
add("contact-not-a-year.csv", csv_text(with_row0(contact_start_year="förra året")))
add("contact-year-1900.csv", csv_text(with_row0(contact_start_year="1900")))
add("age-group-disagrees.csv", csv_text(with_row0(age_group="0-8")))
add("exploitation-country-not-iso.csv", csv_text(with_row0(exploitation_countries="SE;XX")))
add("citizenship-numeric.csv", csv_text(with_row0(citizenship="804")))
add("contact-year-decimal.csv", csv_text(with_row0(contact_start_year="2024.5")))
add("birth-date-with-time.csv", csv_text(with_row0(birth_date="1990-03-04T10:00")))
add("national-id-with-spaces-wrong.csv", csv_text(with_row0(national_id="19900304 12 34 5")))

# --- encodings and line ends ---
add("windows-1252-bad-code.csv", csv_text(with_row0(gender="Kvinna/flicka?", given_name="Åsa")).encode("cp1252"))
add("windows-1252-crlf-bad-date.csv", csv_text(with_row0(birth_date="1990-02-31", family_name="Öberg"), eol="\r\n").encode("cp1252"))
add("utf8-bom-crlf-unknown-column.csv", b"\xef\xbb\xbf" + csv_text(GOOD, header=HEADER + ["anteckning"], eol="\r\n").encode())
add("comma-separated-bad-gender.csv", csv_text(with_row0(gender="F", civil_society_support="legal_advice"), sep=","))
add("mac-classic-cr-only-bad-year.csv", csv_text(with_row0(contact_start_year="20x4")).replace("\n", "\r"))

# --- formulas and spreadsheet leftovers in CSV ---
add("formula-in-code-cell.csv", csv_text(with_row0(gender="=IF(1;\"female\")")))
add("formula-hyperlink.csv", csv_text(with_row0(nsp='=HYPERLINK("http://x")')))
add("excel-error-value.csv", csv_text(with_row0(contact_start_year="#VALUE!")))
add("excel-ref-error.csv", csv_text(with_row0(birth_country="#REF!")))

# --- crashes found by fuzzing (fuzz/regressions) ---
REG = os.path.join(HERE, "..", "..", "fuzz", "regressions")
for name in sorted(os.listdir(REG)):
    with open(os.path.join(REG, name), "rb") as fh:
        add("fuzz-" + name, fh.read())

# --- crafted workbooks (issue: hardening, item 6): tiny files that claim huge sheets ---
def xlsx(sheet_xml, shared_xml=None):
    import io
    import zipfile
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared_xml else "")
        + "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Uppgifter" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared_xml else "")
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared_xml:
        parts["xl/sharedStrings.xml"] = shared_xml
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text, compresslevel=9)
    return buf.getvalue()


SHEET = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'
add("xlsx-cells-at-a1-and-xfd1048576.xlsx", xlsx(SHEET.format(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>local_id</t></is></c></row>'
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')))
cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 2001))
add("xlsx-one-50mb-string-in-2000-cells.xlsx", xlsx(
    SHEET.format(cells),
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2000" uniqueCount="1"><si><t>'
    + "A" * (50 * 1024 * 1024) + "</t></si></sst>"))

# --- many problems at once ---
many = [dict(GOOD[0], local_id=f"M-{i}", gender="kvinna", birth_date="1990-02-30") for i in range(40)]
add("forty-rows-two-problems-each.csv", csv_text(many))
add("everything-wrong-in-one-row.csv", csv_text([{k: "??" for k in HEADER}]))

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
for name, data in sorted(FILES.items()):
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(data)
print(f"{len(FILES)} files in {OUT}", file=sys.stderr)
