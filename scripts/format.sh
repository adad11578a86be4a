#!/usr/bin/env bash
# Formats the Java sources with google-java-format in AOSP style (4-space indent, as DJL uses).
#   scripts/format.sh                  # every file under src/
#   scripts/format.sh FILE...          # just these
#   scripts/format.sh --check [FILE...] # change nothing; list the files that differ, exit 1 if any (CI)
set -euo pipefail
mode=(--replace)
if [[ ${1:-} == --check ]]; then
  mode=(--dry-run --set-exit-if-changed)
  shift
fi
# FILEs are named from the caller's directory; the rest runs in the project folder.
files=()
for file in "$@"; do
  files+=("$(realpath -- "$file")")
done
cd "$(dirname "$0")/.."
version=1.28.0
# Copied out of Maven's local repository, wherever settings.xml or MAVEN_OPTS put it.
jar="target/tools/google-java-format-$version-all-deps.jar"
[[ -f "$jar" ]] || MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true" \
  mvn -q -B dependency:copy -DoutputDirectory=target/tools \
  -Dartifact="com.google.googlejavaformat:google-java-format:$version:jar:all-deps"
((${#files[@]})) || mapfile -t files < <(find src -name '*.java' | sort)
exports=()
for p in api code file parser tree util; do
  exports+=("--add-exports=jdk.compiler/com.sun.tools.javac.$p=ALL-UNNAMED")
done
if ! "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${exports[@]}" -jar "$jar" --aosp "${mode[@]}" "${files[@]}"; then
  [[ ${mode[0]} == --dry-run ]] && echo "format: the files above are not formatted; run scripts/format.sh" >&2
  exit 1
fi
