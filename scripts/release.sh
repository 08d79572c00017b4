#!/usr/bin/env bash
# Something for members to download: the member client `samla` for Linux x86_64 (tar.gz) and
# Windows x86_64 (zip), each with a short how-to-start text in Swedish (LÄSMIG.txt) and English
# (README.txt), and SHA256SUMS over the archives. Output: dist/ (or $1).
# Installs the Windows cross toolchain when missing (Debian's mingw-w64, the rustup target).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="${1:-$root/dist}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)"
win=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  (apt-get update -q >/dev/null 2>&1 || true)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc-mingw-w64-x86-64 >/dev/null
fi
rustup target list --installed | grep -qx "$win" || rustup target add "$win" >/dev/null

cargo build -q --release --locked --manifest-path "$root/Cargo.toml" -p samla
cargo build -q --release --locked --manifest-path "$root/Cargo.toml" -p samla --target "$win"

rm -rf "$dist"
mkdir -p "$dist"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
texts="$root/scripts/release"

linux="samla-$version-linux-x86_64"
mkdir -p "$stage/$linux"
install -m 0755 "$root/target/release/samla" "$stage/$linux/samla"
cp "$texts/LASMIG.txt" "$stage/$linux/LÄSMIG.txt"
cp "$texts/README.txt" "$stage/$linux/README.txt"
tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$dist/$linux.tar.gz" "$linux"

windows="samla-$version-windows-x86_64"
mkdir -p "$stage/$windows"
cp "$root/target/$win/release/samla.exe" "$stage/$windows/samla.exe"
# Notepad reads either; CRLF for older ones.
sed 's/$/\r/' "$texts/LASMIG.txt" > "$stage/$windows/LÄSMIG.txt"
sed 's/$/\r/' "$texts/README.txt" > "$stage/$windows/README.txt"
# Double-click to open the member's window (the console stays open while it runs).
printf '@echo off\r\ncd /d "%%~dp0"\r\nsamla.exe ui\r\npause\r\n' > "$stage/$windows/Starta Samla.cmd"
(cd "$stage" && python3 - "$dist/$windows.zip" "$windows" <<'PY'
import os, sys, zipfile
out, top = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(top)):
        z.write(os.path.join(top, name), f"{top}/{name}")
PY
)

(cd "$dist" && sha256sum "$linux.tar.gz" "$windows.zip" > SHA256SUMS && sha256sum -c --quiet SHA256SUMS)
echo "Wrote:"
(cd "$dist" && ls -l "$linux.tar.gz" "$windows.zip" SHA256SUMS && cat SHA256SUMS)
