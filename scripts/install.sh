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

# confluent-kafka-python for test/e2e/confluent-python.test.ts (Debian's build on the system librdkafka, for
# /usr/bin/python3).
if ! /usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null; then
  echo "==> apt-get install python3-confluent-kafka"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-confluent-kafka >/dev/null \
    || echo "WARN: python3-confluent-kafka not installed; its e2e test will be skipped"
fi

# franz-go for test/e2e/franz-go.test.ts: modules through the Go proxy and a warm build cache, so the test's own
# `go build` takes under a second. No Go toolchain, no download: that test is skipped and says why.
GO="$(command -v go || true)"
if [ -z "$GO" ] && [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; fi
if [ -n "$GO" ]; then
  echo "==> go build test/go (franz-go)"
  (cd test/go && "$GO" mod download && "$GO" build -mod=readonly -buildvcs=false -o "${TMPDIR:-/tmp}/tributary-franz-check" .) \
    || echo "WARN: franz-go build failed; the franz-go test will report why"
fi

if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "==> npm install -g pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || $SUDO npm install -g "pnpm@$PNPM_VERSION"
fi

echo "==> pnpm install"
pnpm install --frozen-lockfile --reporter=append-only | tail -3

echo "==> build (tsc -b)"
pnpm build
