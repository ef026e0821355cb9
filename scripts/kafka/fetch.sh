#!/usr/bin/env bash
# Copies Apache Kafka (kafka_2.13 broker + kafka-tools CLI classes, with their runtime dependencies and one quiet
# log4j2 binding) of the version pinned in pom.xml from Maven Central into scripts/kafka/target/lib (gitignored).
# Idempotent: a stamp file records the pom it was fetched for, so a second run costs nothing.
# Prints the lib directory on stdout. Needs mvn and a Java 17+ runtime.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/target/lib"
stamp="$here/target/fetched.sha1"
want="$(sha1sum "$here/pom.xml" | cut -d' ' -f1)"
# Test files run in parallel workers and may all call this at once: one fetch at a time, the others then find it done.
mkdir -p "$here/target"
exec 9>"$here/target/.fetch.lock"
flock 9
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -n "$(ls "$lib"/kafka_2.13-*.jar 2>/dev/null)" ]]; then
  echo "$lib"
  exit 0
fi
command -v mvn >/dev/null || { echo "fetch.sh: mvn is not installed" >&2; exit 2; }
rm -rf "$lib"
mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib" >&2
# kafka_2.13's pom brings slf4j-api 1.7 too on some resolutions; keep exactly one slf4j API (the pinned 2.x).
find "$lib" -name 'slf4j-api-1.*.jar' -delete
echo "$want" >"$stamp"
echo "$lib"
