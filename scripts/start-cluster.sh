#!/usr/bin/env bash
# Installs and builds if needed, then runs a local Tributary cluster in the foreground (Ctrl-C stops it).
# Data lives under ./.data (override with DATA_DIR); NODES picks the node count (3 by default: one controller quorum of three voters).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh >&2
exec node packages/cli/dist/main.js cluster start --nodes "${NODES:-3}" --data-dir "${DATA_DIR:-./.data}" "$@"
