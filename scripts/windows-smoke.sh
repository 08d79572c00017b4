#!/usr/bin/env bash
# The member client on Windows, as far as a Linux CI can check it (issue 15, item 4):
#  1. cross-compiles `samla` for x86_64-pc-windows-gnu with Debian's mingw-w64;
#  2. runs the unit tests of samla-core and samla, built for Windows, under Debian's Wine;
#  3. runs a member's first steps under Wine in a folder whose path has spaces and Swedish
#     letters ("Åsa Öberg/Mina dokument"): template (xlsx), a CRLF file with Swedish letters
#     validated, linkage secret, `init` with the configuration in %APPDATA%\samla (the default),
#     and `preview --full`, which must not contain a name.
# Installs what it needs (apt, rustup target) when missing. Wine in Debian 12 lacks Windows 10's
# bcryptprimitives.dll, which Rust's standard library asks for random bytes: a test-only
# stand-in (scripts/windows/bcryptprimitives-shim.c, RtlGenRandom) is built and put beside the
# executables under test. It is never shipped. What Wine cannot show (NTFS permissions, Excel's
# lock on an open workbook, a real Windows console) is listed in docs/WINDOWS.md.
set -euo pipefail
# Wine derives a file's Windows access list from its Unix mode: files made under the usual
# umask would be readable by Everyone, which samla refuses for secrets (as on Windows).
umask 077
root="$(cd "$(dirname "$0")/.." && pwd)"
target=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || need_apt+=(wine64)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  (apt-get update -q >/dev/null 2>&1 || true)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target" >/dev/null

work="$(mktemp -d)"
cleanup() {
  WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
  "$root/scripts/windows/bcryptprimitives-shim.c" "$root/scripts/windows/bcryptprimitives-shim.def" -ladvapi32
export WINEPREFIX="$work/prefix" WINEDEBUG=-all
wine() { timeout 300 /usr/lib/wine/wine64 "$@"; }
wine cmd /c exit >/dev/null 2>&1 || true   # create the prefix once

echo "== build for Windows"
cargo build -q --locked --manifest-path "$root/Cargo.toml" -p samla --target "$target"
exe="$root/target/$target/debug/samla.exe"
cp "$work/bcryptprimitives.dll" "$(dirname "$exe")/"   # the client's own tests start samla.exe

echo "== unit tests of samla-core and samla, Windows build, under Wine"
# Compiler messages go to a log that is printed if the build fails (a CI run once stopped here
# with exit 101 and nothing to read).
if ! cargo test -q --no-run --manifest-path "$root/Cargo.toml" -p samla-core -p samla --target "$target" \
  --message-format=json >"$work/test-build.json" 2>"$work/test-build.log"; then
  echo "building the Windows unit tests failed:"; tail -50 "$work/test-build.log"; df -h "$root/target" || true
  exit 1
fi
tests=$(python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(m["executable"])' <"$work/test-build.json")
for t in $tests; do
  cp "$work/bcryptprimitives.dll" "$(dirname "$t")/"
  echo "-- $(basename "$t")"
  wine "$t" -q 2>&1 | grep -E "^test result|FAILED|panicked" || true
  wine "$t" -q >/dev/null 2>&1 || { echo "unit tests failed under Wine: $t"; exit 1; }
done

echo "== a member's first steps under Wine, in a folder with spaces and Swedish letters"
docs="$work/Åsa Öberg/Mina dokument"
mkdir -p "$docs"
cp "$exe" "$work/bcryptprimitives.dll" "$docs/"
cd "$docs"
samla() { wine ./samla.exe "$@"; }
samla template --year 2024 --format xlsx --out "mall 2024.xlsx"
test -s "mall 2024.xlsx"
samla validate "mall 2024.xlsx" --year 2024 >/dev/null 2>&1 && { echo "an empty template must not validate"; exit 1; }
printf 'local_id;given_name;family_name;birth_date;gender;exploitation_forms\r\nA-1;Åsa;Öberg;1990-02-28;female;sexual\r\nA-2;Grace;Okafor;1995;female;labour\r\n' > "statistik 2024.csv"
out=$(samla validate "statistik 2024.csv" --year 2024)
echo "$out"
echo "$out" | grep -q "2 rader är giltiga för 2024"
bad=$(samla --lang en validate "saknas.csv" --year 2024 2>&1 || true)
echo "$bad" | grep -q "there is no such file" || { echo "a missing file: $bad"; exit 1; }
samla linkage-secret new --out "länknyckel.txt" >/dev/null
# The admin's recipient, made by the (Linux) samla-server as the platform would.
cargo build -q --manifest-path "$root/Cargo.toml" -p samla-server
SAMLA_PASSPHRASE="windows smoke passphrase" "$root/target/debug/samla-server" admin-keygen --work-factor 10 \
  --out "$work/admin.age" | tail -1 > "mottagare.txt"
samla init --org org-a --server http://127.0.0.1:9 --admin-recipients "mottagare.txt" --linkage-secret "länknyckel.txt" >/dev/null 2>&1
appdata_cfg=$(find "$WINEPREFIX/drive_c/users" -path '*AppData/Roaming/samla/config.toml' | head -1)
[ -n "$appdata_cfg" ] || { echo "the configuration is not in %APPDATA%\\samla"; exit 1; }
# A secret others may read is refused: made readable from the Linux side, Wine shows the file
# with an Everyone entry in its access list (what a shared folder would give on Windows).
secret_file="$(dirname "$appdata_cfg")/linkage-secret"
[ -f "$secret_file" ] || secret_file=$(find "$(dirname "$appdata_cfg")" -maxdepth 1 -name '*linkage*' | head -1)
chmod 644 "$secret_file"
shared=$(samla preview "statistik 2024.csv" --year 2024 2>&1 || true)
echo "$shared" | grep -q "andra användare på datorn kan läsa filen" || { echo "a shared secret was not refused: $shared"; exit 1; }
chmod 600 "$secret_file"
full=$(samla preview "statistik 2024.csv" --year 2024 --full 2>/dev/null)
echo "$full" | grep -q '"record_ref"' || { echo "preview shows no records"; exit 1; }
if echo "$full" | grep -q -e "Öberg" -e "Okafor" -e "1990-02-28"; then echo "a name or a birth date would leave the machine"; exit 1; fi
# The member's window (samla ui) served by the Windows build: the page answers on loopback
# once the printed link's secret is traded for the cookie, and not without it.
(wine ./samla.exe ui --no-browser > ui.out 2>/dev/null &)
link=""
for _ in $(seq 1 200); do
  link=$(grep -o 'http://127.0.0.1:[0-9]*/?k=[0-9a-f]*' ui.out 2>/dev/null | head -1 || true)
  [ -n "$link" ] && break
  sleep 0.2
done
[ -n "$link" ] || { echo "samla ui did not start under Wine"; cat ui.out; exit 1; }
base="${link%%/?k=*}"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/")
[ "$code" = 403 ] || { echo "the window answered $code without its secret"; exit 1; }
page=$(curl -s -L -c jar -b jar "$link")
echo "$page" | grep -q "Kontrollera er fil" || { echo "the window's page: $page"; exit 1; }
# On CI the Windows debug build is not needed again (the release step builds its own): its
# space goes back to the disk.
if [ "${CI:-}" = "true" ]; then rm -rf "$root/target/$target/debug"; fi
echo "windows smoke: ok (template, CRLF + Swedish letters, missing file, init in %APPDATA%, preview without names, the browser window)"
