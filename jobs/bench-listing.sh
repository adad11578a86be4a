#!/usr/bin/env bash
# The driver's listing of a local folder of small files: the jobs' walk against Hadoop's recursive
# listFiles, timed side by side in one JVM, and the heap the listing holds.
#
# Usage: jobs/bench-listing.sh [FILES] [REPETITIONS]
#        (defaults: 2000 5; the files are made in a temporary folder and deleted)
#        jobs/bench-listing.sh --help   (this text)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
exit_with_usage_if_asked "${BASH_SOURCE[0]}" "$@"
classpath="$(test_classpath)"
java="$(java_binary)" || exit 2
exec "$java" -Xmx1g -Dlog4j2.configurationFile="$PROJECT_ROOT/conf/log4j2-local.properties" \
  -cp "$classpath" org.wav2vec2spark.data.ListingBenchmark "$@"
