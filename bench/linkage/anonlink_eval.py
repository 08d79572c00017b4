#!/usr/bin/env python3
"""Runs clkhash + anonlink on one prepared data set and prints one JSON line:
precision, recall, F1, records encoded per second, comparisons per second.

usage: anonlink_eval.py DATA.csv SCENARIO THRESHOLD FIELDS...
Prints two lines: anonlink's greedy solver and its probabilistic greedy solver.
FIELDS are the columns to encode (bigrams, 15 bits per token as in clkhash's examples; dates
as positional unigrams, 30 bits per token, the clkhash example schema).
"""
import base64
import csv
import itertools
import json
import sys
import time
from collections import defaultdict

import anonlink
from clkhash import clk
from clkhash.schema import from_json_dict

path, scenario, threshold, fields = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]

features = []
for f in fields:
    if f == "date_of_birth":
        features.append({"identifier": f, "format": {"type": "string", "encoding": "utf-8"},
                         "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": True},
                                     "strategy": {"bitsPerToken": 30}, "hash": {"type": "doubleHash"},
                                     "missingValue": {"sentinel": ""}}})
    else:
        features.append({"identifier": f, "format": {"type": "string", "encoding": "utf-8"},
                         "hashing": {"comparison": {"type": "ngram", "n": 2},
                                     "strategy": {"bitsPerToken": 15}, "hash": {"type": "doubleHash"},
                                     "missingValue": {"sentinel": ""}}})
schema = from_json_dict({
    "version": 3,
    "clkConfig": {"l": 1024, "kdf": {"type": "HKDF", "hash": "SHA256", "keySize": 64,
                                      "salt": base64.b64encode(b"samla bench salt").decode(),
                                      "info": base64.b64encode(b"samla bench").decode()}},
    "features": features,
})

by_member = defaultdict(list)
with open(path, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        by_member[r["member"]].append(r)
members = sorted(by_member)
n_records = sum(len(v) for v in by_member.values())

t0 = time.perf_counter()
clks = [clk.generate_clks([[r[f] for f in fields] for r in by_member[m]], schema, "bench secret", validate=False)
        for m in members]
t_encode = time.perf_counter() - t0

by_entity = defaultdict(list)
for m in members:
    for r in by_member[m]:
        by_entity[r["entity"]].append(r["rec_id"])
truth = {tuple(sorted(p)) for ids in by_entity.values() for p in itertools.combinations(ids, 2)}
comparisons = sum(len(clks[i]) * len(clks[j]) for i, j in itertools.combinations(range(len(clks)), 2))

for tool, solve in (("anonlink", anonlink.solving.greedy_solve),
                    ("anonlink-probabilistic", anonlink.solving.probabilistic_greedy_solve)):
    t0 = time.perf_counter()
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        clks, anonlink.similarities.dice_coefficient_accelerated, threshold)
    groups = solve(candidates)
    t_link = time.perf_counter() - t0
    predicted = set()
    for g in groups:
        recs = sorted((members[ds], ri) for ds, ri in g)
        for x, y in itertools.combinations(recs, 2):
            predicted.add((by_member[x[0]][x[1]]["rec_id"], by_member[y[0]][y[1]]["rec_id"]))
    predicted = {tuple(sorted(p)) for p in predicted}
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    print(json.dumps({"tool": tool, "scenario": scenario, "threshold": threshold, "precision": precision,
                      "recall": recall, "f1": f1, "records_per_s": n_records / t_encode,
                      "comparisons_per_s": comparisons / t_link, "records": n_records}))
