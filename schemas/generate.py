#!/usr/bin/env python3
"""Generates the data-contract JSON Schemas of schemas/<version>/ from the code lists below.

The generated files are committed; the Rust code embeds them. Run it only when a code list
changes (a retired key is never reused: add a new key instead):

    pip install pycountry && python3 schemas/generate.py
"""
import gettext
import json
import pathlib

import pycountry

VERSION = "1"
OUT = pathlib.Path(__file__).parent / VERSION

def codes(*triples):
    return [{"key": k, "sv": sv, "en": en} for k, sv, en in triples]

YES_NO = codes(("yes", "Ja", "Yes"), ("no", "Nej", "No"))

# (key, Swedish label, English label, kind, extra)
# kind: id (identifying, never sent), one (one code), many (several codes), year, text
FIELDS = [
    ("local_id", "Eget ärende-id", "Own case reference", "id", {"required": True}),
    ("given_name", "Förnamn", "Given name(s)", "id", {}),
    ("family_name", "Efternamn", "Family name(s)", "id", {}),
    ("birth_date", "Födelsedatum", "Date of birth", "id", {"format_hint": "ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ"}),
    ("national_id", "Personnummer/samordningsnummer", "Personal identity/co-ordination number", "id", {}),
    ("migration_id", "Migrationsverkets dossiernummer", "Migration Agency dossier number", "id", {}),
    ("related_to", "Anhörig till (eget ärende-id)", "Related to (own case reference)", "id", {}),
    ("relation", "Relation", "Relation", "one", {"codes": codes(
        ("direct", "Potentiellt direkt utsatt", "Potentially directly exploited"),
        ("indirect_child", "Barn till utsatt", "Child of victim"),
        ("indirect_sibling", "Syskon till utsatt", "Sibling of victim"),
        ("indirect_partner_relative", "Partner eller släkting till utsatt", "Partner or relative of victim"),
    ), "default": "direct"}),
    ("gender", "Kön", "Gender", "one", {"codes": codes(
        ("female", "Kvinna/flicka", "Woman/girl"),
        ("male", "Man/pojke", "Man/boy"),
        ("other", "Annan könsidentitet", "Other gender identity"),
    )}),
    ("age_group", "Åldersgrupp", "Age group", "one", {"codes": codes(
        ("0-8", "0–8 år", "0–8 years"), ("9-17", "9–17 år", "9–17 years"),
        ("18-26", "18–26 år", "18–26 years"), ("27-38", "27–38 år", "27–38 years"),
        ("39-47", "39–47 år", "39–47 years"), ("48+", "48 år och äldre", "48 years and older"),
    )}),
    ("birth_country", "Ursprungsland (födelseland)", "Country of birth", "one", {"countries": True}),
    ("citizenship", "Medborgarskap", "Citizenship", "many", {"countries": True}),
    ("exploitation_forms", "Exploateringsform", "Form of exploitation", "many", {"codes": codes(
        ("sexual", "Sexuell exploatering (inkl. prostitution)", "Sexual exploitation (incl. prostitution)"),
        ("labour", "Arbetskraftsexploatering/tvångsarbete", "Labour exploitation/forced labour"),
        ("domestic_work", "Hushållsarbete", "Domestic work"),
        ("begging", "Tiggeri", "Begging"),
        ("criminal_activities", "Kriminella ändamål", "Forced criminality"),
        ("forced_marriage", "Tvångsäktenskap", "Forced marriage"),
        ("organ_removal", "Organhandel", "Organ removal"),
        ("military_service", "Krigstjänstgöring", "Military service"),
        ("other", "Annan exploatering", "Other exploitation"),
    )}),
    ("labour_sector", "Bransch (arbetskraftsexploatering)", "Sector (labour exploitation)", "many", {"codes": codes(
        ("agriculture_forestry", "Jord- och skogsbruk, bärplockning", "Agriculture, forestry, berry picking"),
        ("construction", "Bygg", "Construction"),
        ("hospitality", "Hotell och restaurang", "Hotels and restaurants"),
        ("cleaning", "Städ", "Cleaning"),
        ("beauty_massage", "Skönhet och massage", "Beauty and massage"),
        ("transport", "Transport", "Transport"),
        ("manufacturing", "Tillverkning", "Manufacturing"),
        ("other", "Annan bransch", "Other sector"),
    )}),
    ("exploitation_countries", "Land där exploateringen skett", "Country of exploitation", "many", {"countries": True, "no_stateless": True}),
    ("identified_by", "Identifierad av", "Identified by", "one", {"codes": codes(
        ("regional_coordinator", "Regionkoordinator", "Regional coordinator"),
        ("own_organisation", "Egen organisation", "Own organisation"),
        ("other_organisation", "Annan organisation", "Other organisation"),
        ("police", "Polis", "Police"),
        ("social_services", "Socialtjänst", "Social services"),
        ("migration_agency", "Migrationsverket", "Migration Agency"),
        ("healthcare", "Hälso- och sjukvård", "Healthcare"),
        ("other_authority", "Annan myndighet", "Other authority"),
        ("self_referral", "Personen själv", "The person themself"),
        ("other", "Annan", "Other"),
    )}),
    ("contact_start_year", "År då kontakten inleddes", "Year contact started", "year", {}),
    ("social_services_contact", "Kontakt med socialtjänst", "Contact with social services", "one", {"codes": YES_NO}),
    ("social_services_support", "Stöd från socialtjänsten", "Support from social services", "many", {"codes": codes(
        ("emergency_assistance", "Nödbistånd", "Emergency assistance"),
        ("emergency_housing", "Akutboende", "Emergency housing"),
        ("financial_assistance", "Ekonomiskt bistånd", "Financial assistance"),
        ("protected_housing", "Skyddat boende", "Protected housing"),
        ("psychosocial", "Stödsamtal/psykosocialt stöd", "Counselling/psychosocial support"),
        ("child_measures", "Insatser för barn", "Measures for children"),
        ("reflection_period_application", "Ansökan om betänketid", "Application for reflection period"),
        ("applied_no_decision", "Ansökt, beslut okänt", "Applied, decision unknown"),
        ("denied", "Avslag", "Denied"),
        ("other", "Annat", "Other"),
        ("none", "Inget stöd", "No support"),
    )}),
    ("civil_society_support", "Stöd från civilsamhället", "Support from civil society", "many", {"codes": codes(
        ("legal_advice", "Juridisk rådgivning", "Legal advice"),
        ("material_support", "Materiellt stöd", "Material support"),
        ("psychological_support", "Psykologiskt stöd/samtalsstöd", "Psychological support/counselling"),
        ("protected_housing", "Skyddat boende", "Protected housing"),
        ("safe_housing", "Tryggt boende", "Safe housing"),
        ("accompaniment", "Ledsagning", "Accompaniment"),
        ("healthcare_contact", "Kontakt med vård", "Contact with healthcare"),
        ("interpretation", "Tolkning och översättning", "Interpretation and translation"),
        ("information_rights", "Information om rättigheter", "Information about rights"),
        ("police_report_support", "Stöd vid polisanmälan", "Support with police report"),
        ("education_children", "Skola/utbildning för barn", "School/education for children"),
        ("safe_return", "Stöd vid återvändande", "Support for safe return"),
        ("other", "Annat", "Other"),
    )}),
    ("support_reason", "Varför stödet behövdes", "Why support was needed", "many", {"codes": codes(
        ("authority_support_insufficient", "Otillräckligt stöd från myndigheter", "Insufficient support from authorities"),
        ("no_authority_support", "Inget stöd från myndigheter", "No support from authorities"),
        ("not_entitled", "Ej rätt till stöd från myndigheter", "Not entitled to support from authorities"),
        ("distrust_authorities", "Låg tillit till myndigheter", "Low trust in authorities"),
        ("awaiting_decision", "Väntar på beslut", "Awaiting decision"),
        ("other", "Annat", "Other"),
    )}),
    ("nsp", "Stöd via Nationella stödprogrammet (NSP)", "Support through the National Support Programme (NSP)", "one", {"codes": YES_NO}),
    ("basic_needs_unmet", "Saknar medel för basbehov (mat, kläder)", "Lacks means for basic needs (food, clothes)", "one", {"codes": YES_NO}),
    ("police_report", "Polisanmälan gjord", "Police report made", "one", {"codes": YES_NO}),
    ("reported_crimes", "Anmälda brott", "Reported crimes", "many", {"codes": codes(
        ("trafficking", "Människohandel", "Trafficking in human beings"),
        ("human_exploitation", "Människoexploatering", "Human exploitation"),
        ("procuring", "Koppleri", "Procuring"),
        ("purchase_of_sex", "Köp av sexuell tjänst", "Purchase of sexual services"),
        ("rape", "Våldtäkt", "Rape"),
        ("sexual_offence_other", "Annat sexualbrott", "Other sexual offence"),
        ("assault", "Misshandel", "Assault"),
        ("unlawful_threat", "Olaga hot", "Unlawful threat"),
        ("child_peace", "Barnfridsbrott", "Violation of a child's integrity"),
        ("fraud", "Bedrägeri", "Fraud"),
        ("labour_or_alien_law", "Brott mot arbetsmiljö- eller utlänningslagen", "Offence against work-environment or aliens law"),
        ("other", "Annat brott", "Other crime"),
    )}),
    ("legal_status", "Status i rättsprocessen", "Status in the legal process", "one", {"codes": codes(
        ("not_started", "Förundersökning ej påbörjad", "Investigation not started"),
        ("investigation_ongoing", "Förundersökning pågår", "Investigation ongoing"),
        ("investigation_closed", "Förundersökning nedlagd", "Investigation closed"),
        ("prosecuted", "Åtal väckt", "Prosecuted"),
        ("convicted", "Fällande dom", "Conviction"),
        ("acquitted", "Friande dom", "Acquittal"),
    )}),
    ("rights_met", "Rättigheter som tillgodosetts", "Rights met", "many", {"codes": codes(
        ("regional_coordinator_contact", "Kontakt med regionkoordinator", "Contact with regional coordinator"),
        ("injured_party_counsel", "Målsägandebiträde", "Counsel for the injured party"),
        ("temporary_residence_permit", "Tidsbegränsat uppehållstillstånd (TUT)", "Temporary residence permit"),
        ("reflection_period", "Betänketid", "Reflection period"),
        ("none", "Inget av detta", "None of these"),
    )}),
]

UNKNOWN = {"key": "unknown", "sv": "Okänt", "en": "Unknown"}
EU_EEA = set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split())


def country_codes(no_stateless=False):
    sv = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"])
    out = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        out.append({"key": c.alpha_2, "sv": sv.gettext(c.name), "en": getattr(c, "common_name", c.name)})
    if not no_stateless:
        out.append({"key": "stateless", "sv": "Statslös", "en": "Stateless"})
    return out


def field_codes(extra):
    if extra.get("countries"):
        lst = country_codes(extra.get("no_stateless", False))
    else:
        lst = list(extra["codes"])
    return lst + [UNKNOWN]


def property_schema(key, sv, en, kind, extra, sent):
    p = {"title": sv, "x-label": {"sv": sv, "en": en}, "x-kind": kind}
    if kind == "id":
        p["type"] = "string"
        p["maxLength"] = 200
        if key == "local_id":
            p["minLength"] = 1
        if key == "birth_date":
            p["pattern"] = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
        if key == "national_id":
            p["pattern"] = r"^([0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$"
        if key == "migration_id":
            p["pattern"] = r"^[0-9][0-9 -]{0,15}$"
    elif kind == "year":
        p["type"] = "integer"
        p["minimum"] = 1950
        p["maximum"] = 2100
    elif kind == "one":
        lst = field_codes(extra)
        p["type"] = "string"
        p["enum"] = [c["key"] for c in lst]
        p["x-codes"] = {c["key"]: {"sv": c["sv"], "en": c["en"]} for c in lst}
        if "default" in extra:
            p["default"] = extra["default"]
    elif kind == "many":
        lst = field_codes(extra)
        p["type"] = "array"
        p["uniqueItems"] = True
        p["minItems"] = 1
        p["items"] = {"type": "string", "enum": [c["key"] for c in lst]}
        p["x-codes"] = {c["key"]: {"sv": c["sv"], "en": c["en"]} for c in lst}
    return p


def record_schema():
    props = {}
    for key, sv, en, kind, extra in FIELDS:
        props[key] = property_schema(key, sv, en, kind, extra, False)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://samla.example/schemas/{VERSION}/record.schema.json",
        "title": "Samla record (one row of a member's file)",
        "x-schema-version": VERSION,
        "type": "object",
        "required": ["local_id"],
        "additionalProperties": False,
        "properties": props,
    }


def sent_schema():
    props = {}
    for key, sv, en, kind, extra in FIELDS:
        if kind != "id":
            props[key] = property_schema(key, sv, en, kind, extra, True)
    hexkey = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    props["record_ref"] = dict(hexkey, description="HMAC of local_id under the member's own key")
    props["related_to_ref"] = dict(hexkey, description="HMAC of related_to under the member's own key")
    props["birth_year"] = {"type": "integer", "minimum": 1900, "maximum": 2100}
    props["birth_precision"] = {"type": "string", "enum": ["day", "month", "year"],
                                "description": "how precise the birth date behind age_group was"}
    props["clk"] = {"type": "string", "pattern": "^([A-Za-z0-9+/]{171}=|[A-Za-z0-9+/]{342}==)$",
                    "description": "keyed Bloom-filter encoding of names, birth date and country (base64)"}
    props["clk_year"] = {"type": "string", "pattern": "^([A-Za-z0-9+/]{171}=|[A-Za-z0-9+/]{342}==)$",
                         "description": "the same encoding with the birth date cut to its year (base64)"}
    props["match_keys"] = {
        "type": "array",
        "maxItems": 64,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "key"],
            "properties": {
                "kind": {"type": "string", "enum": ["national_id", "migration_id", "name_date", "phonetic_date", "name_month", "name_year", "given_date", "given_only_date"]},
                "key": hexkey,
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://samla.example/schemas/{VERSION}/sent-record.schema.json",
        "title": "Samla pseudonymised record (what leaves the member, inside the encrypted batch)",
        "x-schema-version": VERSION,
        "type": "object",
        "required": ["record_ref", "relation", "match_keys"],
        "additionalProperties": False,
        "properties": props,
    }


def main():
    OUT.mkdir(exist_ok=True)
    (OUT / "record.schema.json").write_text(json.dumps(record_schema(), ensure_ascii=False, indent=1) + "\n")
    (OUT / "sent-record.schema.json").write_text(json.dumps(sent_schema(), ensure_ascii=False, indent=1) + "\n")
    regions = {c["key"]: ("SE" if c["key"] == "SE" else "EU_EEA" if c["key"] in EU_EEA else "THIRD")
               for c in country_codes(True)}
    (OUT / "country-regions.json").write_text(json.dumps(regions, indent=0, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
