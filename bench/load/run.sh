#!/usr/bin/env bash
# Load: 10 000 uploads from 64 concurrent clients to the real samla-server on loopback, with the
# disk's raw fsync rate measured in the same run. Prints one table. SAMLA_LOAD_DIR chooses the
# filesystem (default: the temp dir).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cargo build --release -q --manifest-path "$root/Cargo.toml" -p samla-server -p samla-bench
"$root/target/release/samla-bench" load --uploads "${UPLOADS:-10000}" --clients "${CLIENTS:-64}" --max-seconds "${MAX_SECONDS:-600}"
