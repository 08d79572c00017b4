#!/usr/bin/env python3
"""Writes the demo year (demo/data/*.csv) and its ground truth (demo/data/truth.csv).

Three members report overlapping people, written in different ways: names in another order,
with or without diacritics, a missing family name, a birth date known only to the year or
month, a personal number in two formats, a migration-agency number with a dash. Two different
women share a name and must stay apart. Every person is fictional.

The truth file maps (member, local_id) to a person number; the end-to-end test derives the
expected totals from it independently of Samla's linkage. Re-run only to change the demo:

    python3 demo/make_demo_data.py
"""
import csv
import pathlib
import random

OUT = pathlib.Path(__file__).parent / "data"
COLUMNS = ("local_id given_name family_name birth_date national_id migration_id relation related_to gender "
           "birth_country citizenship exploitation_forms labour_sector exploitation_countries identified_by "
           "contact_start_year social_services_contact social_services_support civil_society_support support_reason "
           "nsp basic_needs_unmet police_report reported_crimes legal_status rights_met").split()
MEMBERS = ["kvinnojouren-a", "juristbyran-b", "stodcentrum-c"]


def luhn_digit(nine):
    total = 0
    for i, c in enumerate(nine):
        v = int(c) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


def pnr(yyyymmdd, serial):
    ten = yyyymmdd[2:] + serial
    return yyyymmdd + serial + luhn_digit(ten)


rng = random.Random(2024)

# A true person: stats shared by every member that reports them; each member's rows may differ
# in how the person is written (the "views").
people = []


def person(pid, gender, country, forms, views, relation="direct", stats=None, children=()):
    people.append(dict(pid=pid, gender=gender, country=country, forms=forms, views=views,
                       relation=relation, stats=stats or {}, children=children))


P4_ID = pnr("19800115", "239")
P9_ID = pnr("19970302", "418")

person("P01", "female", "UA", "sexual", {
    "kvinnojouren-a": ("Olga", "Ivanova", "1990-03-04", {}),
    "juristbyran-b": ("IVANOVA", "Olga", "1990", {}),
    "stodcentrum-c": ("Olga", "Ivanová", "1990-03", {}),
}, stats={"police_report": "yes", "reported_crimes": "trafficking;procuring", "legal_status": "investigation_ongoing"})
person("P02", "female", "VN", "labour", {
    "kvinnojouren-a": ("Thị Lan", "Nguyễn", "1995-07-12", {}),
    "stodcentrum-c": ("Thi Lan", "Nguyen", "1995-07-12", {}),
}, stats={"labour_sector": "beauty_massage;cleaning"})
person("P03", "female", "NG", "sexual", {
    "kvinnojouren-a": ("Amina", "Bello", "1994-05-17", {}),
    "juristbyran-b": ("Amina", "", "1994-05-17", {}),
}, children=[("male", "2019-04-02"), ("female", "2021-09-30")])
person("P04", "male", "RO", "begging;criminal_activities", {
    "juristbyran-b": ("Ion", "Popescu", "1980-01-15", {"national_id": P4_ID}),
    "stodcentrum-c": ("Ioan", "Popescu", "1980", {"national_id": P4_ID[2:8] + "-" + P4_ID[8:]}),
})
person("P05", "female", "CO", "sexual", {
    "kvinnojouren-a": ("Maria", "Gonzalez", "1988-11-02", {}),
    "juristbyran-b": ("María", "González", "1988-11-02", {}),
}, stats={"police_report": "yes", "reported_crimes": "rape", "legal_status": "convicted"})
person("P06", "female", "SO", "forced_marriage", {"kvinnojouren-a": ("Fatima", "Ahmed", "1992-06-01", {})})
person("P07", "female", "SO", "sexual", {"stodcentrum-c": ("Fatima", "Ahmed", "1999-02-11", {})})
person("P08", "male", "ER", "labour", {
    "juristbyran-b": ("Samuel", "Tesfaye", "1985", {"migration_id": "12345678"}),
    "stodcentrum-c": ("Samuel", "Tesfay", "1985-08-19", {"migration_id": "1234-5678"}),
}, stats={"labour_sector": "construction"})
person("P09", "female", "SE", "sexual", {
    "kvinnojouren-a": ("Emma", "Lindqvist", "1997-03-02", {"national_id": P9_ID}),
    "stodcentrum-c": ("Emma", "Lindqvist", "1997-03-02", {"national_id": P9_ID[:8] + "-" + P9_ID[8:]}),
}, stats={"police_report": "yes", "reported_crimes": "purchase_of_sex", "legal_status": "investigation_closed"})
person("P10", "female", "TH", "sexual;labour", {
    "kvinnojouren-a": ("Siriporn", "Chaiyaphum", "1986-10-23", {}),
    "juristbyran-b": ("Chaiyaphum", "Siriporn", "1986-10-23", {}),
    "stodcentrum-c": ("SIRIPORN", "CHAIYAPHUM", "1986", {}),
}, stats={"labour_sector": "beauty_massage"})
# A minor, directly exploited.
person("P11", "female", "RO", "sexual", {
    "kvinnojouren-a": ("Ana-Maria", "Dumitru", "2008-05-05", {}),
    "stodcentrum-c": ("Ana Maria", "Dumitru", "2008-05-05", {}),
})

GIVEN_F = ["Grace", "Joy", "Blessing", "Mercy", "Elena", "Irina", "Svetlana", "Mai", "Linh", "Aisha",
           "Hanna", "Natalia", "Daniela", "Ioana", "Esther", "Faith", "Precious", "Rosa", "Lucía", "Kateryna"]
GIVEN_M = ["Mihai", "Florin", "Abdi", "Yonas", "Tran", "Dmitri", "Pavel", "Kwame", "Emeka", "Ali"]
FAMILY = ["Okafor", "Adeyemi", "Petrova", "Smirnova", "Pham", "Tran", "Hassan", "Mohamud", "Stan", "Marin",
          "Haile", "Bekele", "Mensah", "Osei", "Kovalenko", "Shevchenko", "Rodríguez", "Silva", "Yilmaz", "Diallo"]
COUNTRIES = ["NG", "RO", "BG", "UA", "VN", "TH", "ER", "SO", "CN", "SE", "PL", "GH", "stateless"]

for i in range(12, 61):
    g = rng.choices(["female", "male", "other"], [0.8, 0.18, 0.02])[0]
    given = rng.choice(GIVEN_M if g == "male" else GIVEN_F)
    fam = rng.choice(FAMILY)
    year = rng.randint(1965, 2006)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    forms = rng.choices(["sexual", "labour", "begging", "criminal_activities", "domestic_work", "sexual;labour"],
                        [0.55, 0.2, 0.08, 0.07, 0.05, 0.05])[0]
    member = MEMBERS[(i * 7) % 3]
    stats = {}
    if "labour" in forms:
        stats["labour_sector"] = rng.choice(["agriculture_forestry", "construction", "hospitality", "cleaning"])
    if rng.random() < 0.3:
        stats["police_report"] = "yes"
        stats["reported_crimes"] = rng.choice(["trafficking", "procuring", "human_exploitation", "assault"])
        stats["legal_status"] = rng.choice(["not_started", "investigation_ongoing", "investigation_closed", "prosecuted", ""])
    elif rng.random() < 0.5:
        stats["police_report"] = "no"
    country = rng.choice(COUNTRIES)
    children = [("female" if rng.random() < 0.5 else "male", f"{rng.randint(2010, 2023)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")] if rng.random() < 0.12 else []
    person(f"P{i:02d}", g, country, forms, {member: (given, fam, date, {})}, stats=stats, children=children)


def row_for(p, member, n, local_id):
    given, fam, date, extra = p["views"][member]
    r = dict.fromkeys(COLUMNS, "")
    r.update(local_id=local_id, given_name=given, family_name=fam, birth_date=date,
             relation=p["relation"], gender=p["gender"], birth_country=p["country"],
             citizenship=p["country"], exploitation_forms=p["forms"])
    if p["country"] != "SE":
        r["exploitation_countries"] = "SE" if rng.random() < 0.7 else f"SE;{p['country'] if p['country'] != 'stateless' else 'DE'}"
    else:
        r["exploitation_countries"] = "SE"
    r["identified_by"] = rng.choice(["own_organisation", "police", "social_services", "other_organisation", "migration_agency"])
    r["contact_start_year"] = rng.choice(["2024", "2024", "2023", "2022"])
    r["social_services_contact"] = rng.choice(["yes", "no", ""])
    if r["social_services_contact"] == "yes":
        r["social_services_support"] = rng.choice(["emergency_housing", "financial_assistance;psychosocial", "none", "denied"])
    r["civil_society_support"] = ";".join(sorted(set(rng.sample(
        ["legal_advice", "material_support", "psychological_support", "safe_housing", "accompaniment",
         "healthcare_contact", "interpretation", "information_rights"], rng.randint(1, 4)))))
    r["support_reason"] = rng.choice(["no_authority_support", "authority_support_insufficient;distrust_authorities", "not_entitled", ""])
    r["nsp"] = rng.choice(["yes", "no", ""])
    r["basic_needs_unmet"] = rng.choice(["yes", "no", ""])
    r["rights_met"] = rng.choice(["regional_coordinator_contact", "injured_party_counsel;reflection_period", "none", ""])
    r.update({k: v for k, v in extra.items()})
    r.update({k: v for k, v in p["stats"].items()})
    if r["police_report"] != "yes":
        r["reported_crimes"] = ""
        r["legal_status"] = ""
    return r


rows = {m: [] for m in MEMBERS}
truth = []
for p in people:
    for member in p["views"]:
        n = len(rows[member]) + 1
        local_id = f"{member[:2].upper()}-{2024}-{n:03d}"
        rows[member].append(row_for(p, member, n, local_id))
        truth.append((member, local_id, p["pid"], "direct", p["gender"]))
        for k, (cg, cdate) in enumerate(p["children"]):
            n = len(rows[member]) + 1
            cid = f"{member[:2].upper()}-{2024}-{n:03d}"
            r = dict.fromkeys(COLUMNS, "")
            r.update(local_id=cid, birth_date=cdate, relation="indirect_child", related_to=local_id, gender=cg,
                     birth_country="SE" if k else p["country"], citizenship=p["country"], contact_start_year="2024",
                     basic_needs_unmet="yes", civil_society_support="education_children;material_support")
            rows[member].append(r)
            truth.append((member, cid, f"{p['pid']}-child{k + 1}", "indirect_child", cg))

OUT.mkdir(exist_ok=True)
for member, rs in rows.items():
    rng.shuffle(rs)
    with open(OUT / f"{member}.csv", "w", newline="", encoding="utf-8-sig") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, delimiter=";")
        w.writeheader()
        w.writerows(rs)
with open(OUT / "truth.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["member", "local_id", "person", "relation", "gender"])
    w.writerows(sorted(truth))
print({m: len(r) for m, r in rows.items()}, "people:", len({t[2] for t in truth}))
