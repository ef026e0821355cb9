#!/usr/bin/env bash
# Installs what Tributary needs on a fresh Debian machine (kcat, the pinned pnpm, node modules) and builds it.
# Every step is skipped when already satisfied, so it is cheap to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9   # keep in step with package.json "packageManager"
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

if ! command -v kcat >/dev/null; then
  echo "==> apt-get install kcat"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq kcat >/dev/null
fi

if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "==> npm install -g pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || $SUDO npm install -g "pnpm@$PNPM_VERSION"
fi

echo "==> pnpm install"
pnpm install --frozen-lockfile --reporter=append-only | tail -3

echo "==> build (tsc -b)"
pnpm build
