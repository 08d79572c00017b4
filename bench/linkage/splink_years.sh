#!/usr/bin/env bash
# Splink on the *plaintext* of the generated years that `samla-bench coverage` counts on
# pseudonyms: the ceiling for the point estimate. Prints one table row per year (persons found by
# Splink's clusters at p >= 0.9 against the truth) and the median absolute error.
# usage: bench/linkage/splink_years.sh [YEARS=60] [FIRST_SEED=1]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${BENCH_VENV:-$root/bench/.venv}"
out="${BENCH_DATA:-$root/bench/out}/years"
years="${1:-60}"
first="${2:-1}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q splink >/dev/null
cargo build --release -q --manifest-path "$root/Cargo.toml" -p samla-bench
"$root/target/release/samla-bench" years-csv --out "$out" --years "$years" --first-seed "$first" --max-people 5000 >/dev/null
results="$out/splink.jsonl"
: > "$results"
for seed in $(seq "$first" $((first + years - 1))); do
  # Splink's EM can fail on a year (a level never observed underflows): counted as a failure.
  "$venv/bin/python" "$here/splink_eval.py" "$out/year-$seed.csv" "$seed" >> "$results" 2>/dev/null \
    || echo "{\"scenario\": \"$seed\", \"failed\": true}" >> "$results"
done
"$venv/bin/python" - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| seed | records | truth | Splink persons | error | pair P/R |")
print("|---:|---:|---:|---:|---:|---|")
errs = []
failed = [r["scenario"] for r in rows if r.get("failed")]
for r in rows:
    if r.get("failed"):
        print(f'| {r["scenario"]} | | | Splink failed | | |')
        continue
    e = (r["persons"] - r["true_persons"]) / r["true_persons"]
    errs.append(abs(e))
    print(f'| {r["scenario"]} | {r["records"]} | {r["true_persons"]} | {r["persons"]} | {e*100:+.2f} % | {r["precision"]:.3f}/{r["recall"]:.3f} |')
print()
print(f"Splink on the plaintext, {len(rows)} years: median |error| {statistics.median(errs)*100:.2f} %, "
      f"within 1 %: {sum(e <= 0.01 for e in errs)} of {len(errs)}; failed on {len(failed)} years {failed}")
PY
