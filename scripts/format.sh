#!/usr/bin/env bash
# Formats the Java sources with google-java-format in AOSP style (4-space indent, as DJL uses).
#   scripts/format.sh            # every file under src/
#   scripts/format.sh FILE...    # just these
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.28.0
jar="$HOME/.m2/repository/com/google/googlejavaformat/google-java-format/$version/google-java-format-$version-all-deps.jar"
[[ -f "$jar" ]] || mvn -q dependency:get -Dartifact="com.google.googlejavaformat:google-java-format:$version:jar:all-deps"
files=("$@")
((${#files[@]})) || mapfile -t files < <(find src -name '*.java')
exports=()
for p in api code file parser tree util; do
  exports+=("--add-exports=jdk.compiler/com.sun.tools.javac.$p=ALL-UNNAMED")
done
java "${exports[@]}" -jar "$jar" --aosp --replace "${files[@]}"
