#!/usr/bin/env python3
"""Runs Splink (Fellegi-Sunter, EM, term-frequency adjustments) on the *plaintext* of one
prepared data set and prints one JSON line: precision, recall, F1 of the pairs within its
clusters at match probability 0.9, and the number of persons it finds.

This is the ceiling a privacy-preserving linker is judged against: Splink sees the names and
dates themselves, Samla only keyed encodings of them.

usage: splink_eval.py DATA.csv SCENARIO [--address]
One plain configuration for every data set (no per-data-set tuning): Jaro-Winkler name
comparisons with term-frequency adjustment on given name and surname, a date-of-birth
comparison, an exact birth-year comparison (for partial dates), and with --address the
FEBRL address fields.
"""
import csv
import itertools
import json
import sys
import time
from collections import defaultdict

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

path, scenario = sys.argv[1], sys.argv[2]
address = "--address" in sys.argv[3:]

rows = []
with open(path, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        rows.append(r)


def dob(s):
    d = "".join(c for c in s if c.isdigit())
    full = f"{d[0:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else None
    year = d[0:4] if len(d) >= 4 else None
    # 1 January is a placeholder in this population (as in Samla).
    if full and full.endswith("-01-01"):
        full = None
    return full, year


records = []
for i, r in enumerate(rows):
    full, year = dob(r["date_of_birth"])
    rec = {
        "unique_id": i,
        "source_dataset": r["member"],
        "given_name": r["given_name"].strip().lower() or None,
        "surname": r["surname"].strip().lower() or None,
        "dob": full,
        "birth_year": year,
    }
    # Generated years (samla-bench years-csv) carry gender and birth country, as Samla's records do.
    for k in ("gender", "country"):
        if k in r:
            rec[k] = r[k].strip().lower() or None
    if address:
        for k in ("street_number", "address_1", "suburb", "postcode", "state", "soc_sec_id"):
            rec[k] = r.get(k, "").strip().lower() or None
    records.append(rec)
df = pd.DataFrame(records)

comparisons = [
    cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
    cl.NameComparison("surname").configure(term_frequency_adjustments=True),
    cl.DateOfBirthComparison("dob", input_is_string=True),
    cl.ExactMatch("birth_year"),
]
blocking = [
    block_on("given_name"),
    block_on("surname"),
    block_on("dob"),
    block_on("birth_year", "substr(given_name, 1, 1)"),
]
for k in ("gender", "country"):
    if k in df.columns:
        comparisons.append(cl.ExactMatch(k))
if address:
    comparisons += [
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
        cl.ExactMatch("postcode"),
        cl.ExactMatch("state"),
        cl.ExactMatch("soc_sec_id"),
    ]
    blocking += [block_on("postcode"), block_on("soc_sec_id")]

members = sorted(df["source_dataset"].unique())
db = DuckDBAPI()
frames = [db.register(df[df["source_dataset"] == m].copy(), table_name=f"m_{k}") for k, m in enumerate(members)]
settings = SettingsCreator(
    link_type="link_only",
    comparisons=comparisons,
    blocking_rules_to_generate_predictions=blocking,
    retain_matching_columns=False,
)
t0 = time.perf_counter()
linker = Linker(frames, settings, log_level=40)
linker.training.estimate_probability_two_random_records_match(
    [block_on("given_name", "surname", "dob")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
predictions = linker.inference.predict(threshold_match_probability=0.9)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9).as_pandas_dataframe()
t_link = time.perf_counter() - t0

by_cluster = defaultdict(list)
for uid, cid in zip(clusters["unique_id"], clusters["cluster_id"]):
    by_cluster[cid].append(int(uid))
predicted = set()
for ids in by_cluster.values():
    for x, y in itertools.combinations(sorted(ids), 2):
        predicted.add((x, y))
by_entity = defaultdict(list)
for i, r in enumerate(rows):
    by_entity[r["entity"]].append(i)
truth = {p for ids in by_entity.values() for p in itertools.combinations(sorted(ids), 2)}
tp = len(predicted & truth)
precision = tp / len(predicted) if predicted else 0.0
recall = tp / len(truth) if truth else 0.0
f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
print(json.dumps({"tool": "splink", "scenario": scenario, "threshold": 0.9, "precision": precision,
                  "recall": recall, "f1": f1, "persons": len(by_cluster), "true_persons": len(by_entity),
                  "records": len(rows), "seconds": t_link}))
