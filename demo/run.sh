#!/usr/bin/env bash
# Runs a complete demo year on this machine: a temporary store, demo keys made on the spot,
# three members with overlapping people (demo/data), the real server on loopback, the real
# client for each member, the round closed, and the aggregate written as JSON, CSV and HTML.
# Nothing leaves this machine. Usage: demo/run.sh [OUT_DIR]   (default: demo/out)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here/out}"
year=2024

echo "== Building samla and samla-server (release; the first build takes several minutes on 2 cores)"
# Cargo's own lines become one progress line; anything else (an error) is shown as it is.
cargo build --release --manifest-path "$root/Cargo.toml" -p samla -p samla-server 2>&1 |
  awk '/^ *Compiling / { n++; printf "\r   %d crates compiled, now %s %s          ", n, $2, $3; fflush(); next }
       /^ *(Finished|Blocking|Downloaded|Downloading|Updating|Locking|Adding)/ { next }
       { print }
       END { if (n) print "" }'
bin="$root/target/release"
samla="$bin/samla"
server="$bin/samla-server"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# Demo only: a fixed passphrase. A real admin types it at a prompt.
export SAMLA_PASSPHRASE="demo passphrase – not for real use"

echo "== Platform: store, admin identity, round $year"
"$server" admin-keygen --out "$work/admin-identity.age" | tail -n 1 > "$work/admin-recipients.txt"
"$server" init --data "$work/store" --admin-recipients "$work/admin-recipients.txt" > /dev/null
# The deadline must still be ahead (a round whose deadline is over takes nothing).
"$server" round open --year "$year" --deadline "$(( $(date -u +%Y) + 1 ))-03-01" --data "$work/store"

"$server" serve --data "$work/store" --listen 127.0.0.1:0 > "$work/server.out" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  # "samla-server listening on URL" (or "lyssnar på URL" in Swedish): the URL is last.
  grep -q "^samla-server .*http://" "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
url="$(sed -n 's/^samla-server .* \(http:[^ ]*\)$/\1/p' "$work/server.out" | head -1)"
[ -n "$url" ] || { echo "the server did not start"; cat "$work/server.log"; exit 1; }
echo "   server at $url"
"$server" public-url "$url" --data "$work/store" > /dev/null

echo "== Key custodian: its key and the linkage secret (never on the server, never the admin's)"
custodian_key="$("$samla" --config "$work/custodian" custodian init --server "$url" | tail -n 1)"
"$server" custodian set "$custodian_key" --data "$work/store" > /dev/null

orgs=()
for csv in "$here"/data/*.csv; do
  org="$(basename "$csv" .csv)"
  [ "$org" = truth ] && continue
  orgs+=("$org")
  echo "== Member $org: set up from one invitation code"
  code="$("$server" org invite "$org" --data "$work/store" | tail -n 1)"
  "$samla" --config "$work/members/$org" init --invite "$code" | sed 's/^/   /'
done

echo "== Key custodian: the linkage secret, sealed to each member"
"$samla" --config "$work/custodian" custodian deliver --yes | sed 's/^/   /'

for org in "${orgs[@]}"; do
  csv="$here/data/$org.csv"
  cfg="$work/members/$org"
  echo "== Member $org: check and send"
  "$samla" --config "$cfg" validate "$csv" --year "$year"
  "$samla" --config "$cfg" submit "$csv" --year "$year" | sed 's/^/   /'
done

echo "== Platform: status, close, aggregate"
"$server" status --year "$year" --data "$work/store"
"$server" round close --year "$year" --data "$work/store"
rm -rf "$out"
"$server" aggregate --year "$year" --identity "$work/admin-identity.age" --data "$work/store" --out "$out"
echo
echo "Open $out/report.html in a browser."
