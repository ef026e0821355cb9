#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, builds, and runs the whole test suite.
# Extra arguments go to vitest (e.g. a path filter).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

# The Java client tests need kafka-clients from Maven Central; fetched once into test/java/target.
if command -v mvn >/dev/null && command -v java >/dev/null && [ -f test/java/pom.xml ]; then
  echo "==> fetching Java client jars (Maven Central)"
  (cd test/java && mvn -q -B dependency:copy-dependencies -DoutputDirectory=target/lib) \
    || echo "WARN: Maven fetch failed; the Java client test will report why"
fi

# Apache Kafka's own jars (CLI tools compared with Tributary, the console consumer in the group tests): fetched
# once here, so no test depends on another having fetched them first.
if command -v mvn >/dev/null && command -v java >/dev/null; then
  echo "==> fetching Apache Kafka jars (Maven Central)"
  bash scripts/kafka/fetch.sh || echo "WARN: Kafka jar fetch failed; the Kafka tools tests will report why"
fi

echo "==> tests"
pnpm exec vitest run "$@"
