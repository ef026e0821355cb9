#!/usr/bin/env bash
# Installs everything Tributary's tests need on a fresh Debian machine, builds, and runs the whole test suite.
# Safe to re-run: every step is skipped when already satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

need_apt=()
command -v kcat >/dev/null || need_apt+=(kcat)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "==> installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || $SUDO npm install -g "pnpm@$PNPM_VERSION"
fi

echo "==> pnpm install"
pnpm install --frozen-lockfile

# The Java client tests need kafka-clients from Maven Central; fetched once into test/java/target.
if command -v mvn >/dev/null && command -v java >/dev/null && [ -f test/java/pom.xml ]; then
  echo "==> fetching Java client jars"
  (cd test/java && mvn -q -B dependency:copy-dependencies -DoutputDirectory=target/lib) || echo "WARN: Maven fetch failed; Java tests will say why"
fi

echo "==> build"
pnpm build

echo "==> tests"
pnpm exec vitest run "$@"
