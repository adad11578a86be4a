# Shared by the jobs/*.sh launchers: builds the job jar when needed and runs a job class either
# through $SPARK_HOME/bin/spark-submit or on an embedded local Spark from the project's own
# dependencies (nothing but Java and Maven needed).
# shellcheck shell=bash

# Resolved through symbolic links (a launcher linked into ~/bin, a linked jobs/ folder), which the
# launchers resolve too when they source this file.
PROJECT_ROOT="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
TARGET="$PROJECT_ROOT/target"
# The jobs' defaults (the bundled samples and model, runs/<job>-<time>) are in this folder, wherever
# the job is started from; see BundledDefaults.
export W2V_PROJECT_ROOT="$PROJECT_ROOT"
# The options of every JVM the launchers start themselves, put before W2V_DRIVER_JAVA_OPTS so that
# a user's own -Dlog4j2.configurationFile there wins: the project's console logging.
LOCAL_JVM_OPTIONS=("-Dlog4j2.configurationFile=$PROJECT_ROOT/conf/log4j2-local.properties")

# spark-submit's options (Spark 4.2's SparkSubmitOptionParser), those that take a value and the
# flags; they go before the job jar, everything else after it. Left out: --class (the launcher's),
# --kill and --status (not a submission), --help/-h (the job's), --version and --usage-error.
# SparkSubmitOptionsTest checks these lists against Spark's and OptionTable's SPARK_SUBMIT_ONLY.
SPARK_SUBMIT_VALUE_OPTIONS=" --master --remote --deploy-mode --conf -c --name --jars --packages
 --exclude-packages --repositories --files --archives --py-files --properties-file
 --extra-properties-file --driver-memory --driver-java-options --driver-library-path
 --driver-class-path --driver-default-class-path --driver-cores --executor-memory --executor-cores
 --num-executors --total-executor-cores --queue --principal --keytab --proxy-user "
SPARK_SUBMIT_FLAGS=" --verbose -v --supervise --load-spark-defaults "

# exit_with_usage_if_asked SCRIPT ARGS...: for launchers whose arguments are positional, prints the
# script's header comment (its usage) and exits 0 when the first argument is -h or --help, instead
# of taking it for a file name.
exit_with_usage_if_asked() {
  local script="$1"
  shift
  if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "$script"
    exit 0
  fi
}

# job_jar: the newest job jar under target/, or nothing before the first build. Newest, not first
# in name order: after a version bump without `mvn clean` the old jar sorts first (0.1.0 < 0.2.0).
job_jar() {
  local jar newest=""
  for jar in "$TARGET"/wav2vec2-spark-*-job.jar; do
    [[ -f "$jar" && ( -z "$newest" || "$jar" -nt "$newest" ) ]] && newest="$jar"
  done
  [[ -z "$newest" ]] || echo "$newest"
}

# Builds the job jar and the classpath files when they are missing or older than the sources.
ensure_built() {
  local jar
  jar="$(job_jar)"
  if [[ -z "$jar" || ! -f "$TARGET/classpath/spark.txt" \
        || -n "$(find "$PROJECT_ROOT/src/main" "$PROJECT_ROOT/pom.xml" -newer "$jar" -print -quit)" ]]; then
    if ! command -v mvn >/dev/null; then
      echo "${0##*/}: the job jar needs building and Maven (mvn) is not on the PATH: install it" \
        "(apt-get install maven) or build the jar elsewhere (mvn package -DskipTests)" >&2
      exit 2
    fi
    echo "Building the job jar (mvn package -DskipTests) ..." >&2
    # Deleted first: a build that fails or is stopped (Ctrl-C) part-way through writing the jar
    # would leave a broken one, newer than the sources, that every later run would take as built.
    if [[ -n "$jar" ]] && ! rm -f "$jar"; then
      echo "${0##*/}: cannot delete $jar to build it again" >&2
      exit 2
    fi
    quiet_mvn -DskipTests package >&2 || { echo "Build failed" >&2; exit 2; }
  fi
}

# quiet_mvn ARGS...: Maven in the project folder, quiet and without colour codes. Batch mode alone
# leaves them in: Debian's Maven 3.8 (jansi 2) writes a colour reset on stdout and stderr as it
# exits, even with -q -B, which put "[0m[0m[0m[0m" before a job's first line; jansi.noreset
# must reach the JVM (MAVEN_OPTS), as Maven installs jansi before reading -D options.
quiet_mvn() {
  (cd "$PROJECT_ROOT" \
    && MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true" mvn -q -B -Dstyle.color=never "$@")
}

# The test classpath (test and main classes plus every dependency), for benchmarks under src/test;
# non-zero when the build fails. Callers assign it to a variable first (`classpath="$(...)"`), as
# set -e ignores a failed command substitution inside another command's arguments.
# Maven runs only when the list or the classes are missing or a source or the pom is newer than
# the list, so a second run, or --help, starts at once; delete target/classpath/test.txt to rebuild
# after a change Maven sees elsewhere (a new SNAPSHOT, a purged ~/.m2).
test_classpath() {
  local dependencies stamp list="$TARGET/classpath/test.txt"
  if [[ ! -f "$list" || ! -d "$TARGET/test-classes" || ! -d "$TARGET/classes" \
        || -n "$(find "$PROJECT_ROOT/src" "$PROJECT_ROOT/pom.xml" -newer "$list" -print -quit)" ]]; then
    stamp="$(mktemp)"
    quiet_mvn test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/classpath/test.txt >&2 \
      || { rm -f "$stamp"; echo "Building the tests failed (mvn test-compile)" >&2; return 2; }
    # Dated from before the build, so a source saved during it is newer; Maven may also leave an
    # unchanged list as it was.
    touch -r "$stamp" "$list"
    rm -f "$stamp"
  fi
  dependencies="$(cat "$list")" || return 2
  echo "$TARGET/test-classes:$TARGET/classes:$dependencies"
}

# The java to run: $JAVA_HOME's when set, else the one on the PATH; a missing one, or one older than
# Java 17, is refused with a message and status 2.
java_binary() {
  local java version
  if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java || true)"; fi
  if [[ -z "$java" || ! -x "$java" ]]; then
    local where="java is not on the PATH"
    [[ -z "${JAVA_HOME:-}" ]] || where="JAVA_HOME=$JAVA_HOME has no bin/java"
    echo "No Java found ($where): install Java 17 or later" \
      "(apt-get install openjdk-17-jre-headless) or set JAVA_HOME" >&2
    return 2
  fi
  # A JVM older than the classes exits 1 (UnsupportedClassVersionError), which the jobs' exit codes
  # read as failed utterances or, for nightly, a regression: checked here instead.
  version="$("$java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p')"
  if [[ ! "$version" =~ ^[0-9]+$ ]] || ((version < 17)); then
    echo "$java is Java ${version:-of an unknown version}; the jobs need Java 17 or later: set" \
      "JAVA_HOME to one" >&2
    return 2
  fi
  echo "$java"
}

# The JVM options Spark needs on Java 17+, read from the pom so they are written down once.
spark_jvm_options() {
  sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' "$PROJECT_ROOT/pom.xml"
}

# Whether the word $2 is one of the whitespace-separated words of $1.
is_one_of() {
  local word
  for word in $1; do
    [[ "$word" == "$2" ]] && return 0
  done
  return 1
}

# split_submit_args ARGS...: sorts a launcher's arguments into SUBMIT_ARGS, spark-submit's own
# options (`--name value`, `--name=value` or a flag), and JOB_ARGS, the rest, in their order.
# --master goes to both: the jobs read it too, and a master given on the command line must win
# over a --config preset's there as well (a job sets the master it is given, spark-submit's or not).
# Without one on the command line, a preset's master goes to spark-submit: it would otherwise take
# the job for local[*] and drop the options only a cluster uses (--executor-memory,
# --executor-cores, --num-executors, --queue) without a word.
split_submit_args() {
  SUBMIT_ARGS=()
  JOB_ARGS=()
  while (($#)); do
    if is_one_of "$SPARK_SUBMIT_VALUE_OPTIONS" "$1" && (($# >= 2)); then
      SUBMIT_ARGS+=("$1" "$2")
      if [[ "$1" == "--master" ]]; then
        JOB_ARGS+=("$1" "$2")
      fi
      shift 2
      continue
    fi
    if [[ "$1" == --*=* ]] && is_one_of "$SPARK_SUBMIT_VALUE_OPTIONS" "${1%%=*}"; then
      SUBMIT_ARGS+=("$1")
      if [[ "$1" == --master=* ]]; then
        JOB_ARGS+=("$1")
      fi
    elif is_one_of "$SPARK_SUBMIT_FLAGS" "$1"; then
      SUBMIT_ARGS+=("$1")
    else
      JOB_ARGS+=("$1")
    fi
    shift
  done
  local i config="" master_given=""
  for ((i = 0; i < ${#JOB_ARGS[@]}; i++)); do
    case "${JOB_ARGS[i]}" in
      --config) config="${JOB_ARGS[i + 1]:-}" ;;
      --config=*) config="${JOB_ARGS[i]#--config=}" ;;
      --master | --master=*) master_given=1 ;;
    esac
  done
  if [[ -z $master_given && -n $config ]]; then
    local master
    master="$(preset_master "$config")"
    [[ -z $master ]] || SUBMIT_ARGS=(--master "$master" "${SUBMIT_ARGS[@]}")
  fi
}

# preset_master FILE: the value of the preset's `master` key as Java's Properties reads it (the
# last one; `=`, `:` or white space after the key; backslash escapes such as Properties.store's
# `spark\://m\:7077` undone), or nothing when FILE has none or cannot be read (the job then says
# what is wrong). Values continued on the next line are not read.
preset_master() {
  [[ -r "$1" ]] || return 0
  sed -n -E 's/^[[:space:]]*master([[:space:]]*[=:]|[[:space:]])[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\2/p' \
    "$1" | tail -n 1 | sed -E 's/\\(.)/\1/g'
}

# merge_jars [JAR]: folds JAR (when given and not empty) and the value of every --jars V and
# --jars=V in SUBMIT_ARGS into one `--jars JAR,V,...` at the front of SUBMIT_ARGS. spark-submit
# keeps only the last --jars it is given, so a user's own --jars would otherwise drop the libtorch
# jar the executors need.
merge_jars() {
  local jars=() rest=()
  [[ -n "${1:-}" ]] && jars+=("$1")
  set -- "${SUBMIT_ARGS[@]}"
  while (($#)); do
    if [[ "$1" == "--jars" ]]; then
      [[ -n "$2" ]] && jars+=("$2")
      shift 2
    elif [[ "$1" == --jars=* ]]; then
      [[ -n "${1#--jars=}" ]] && jars+=("${1#--jars=}")
      shift
    elif is_one_of "$SPARK_SUBMIT_VALUE_OPTIONS" "$1"; then
      # split_submit_args keeps an option and its value together; a value is never an option here.
      rest+=("$1" "$2")
      shift 2
    else
      rest+=("$1")
      shift
    fi
  done
  SUBMIT_ARGS=()
  if ((${#jars[@]})); then
    SUBMIT_ARGS=(--jars "$(IFS=,; echo "${jars[*]}")")
  fi
  SUBMIT_ARGS+=("${rest[@]}")
}

# libtorch_jar: the libtorch jar the jobs run with: $W2V_LIBTORCH_JAR when set (empty for "none",
# which leaves native libraries to PYTORCH_LIBRARY_PATH, as on CUDA workers), else the CPU jar the
# build resolved. Launchers share it so that doctor.sh checks what the jobs load.
libtorch_jar() {
  local jar="${W2V_LIBTORCH_JAR:-$(cat "$TARGET/classpath/libtorch.txt")}"
  [[ "$jar" == "none" ]] || echo "$jar"
}

# run_job CLASS ARGS...: runs a job class with spark-submit when SPARK_HOME is set, else locally.
run_job() {
  local main_class="$1"
  shift
  if [[ -n "${SPARK_HOME:-}" && ! -x "$SPARK_HOME/bin/spark-submit" ]]; then
    echo "${0##*/}: SPARK_HOME=$SPARK_HOME has no bin/spark-submit: point it at a Spark" \
      "installation, or unset it to run on the embedded local Spark" >&2
    exit 2
  fi
  ensure_built
  local jar natives
  jar="$(job_jar)"
  natives="$(libtorch_jar)"
  if [[ -n "${SPARK_HOME:-}" ]]; then
    split_submit_args "$@"
    # CPU libtorch travels with the job unless the cluster provides its own (W2V_LIBTORCH_JAR=none,
    # with PYTORCH_LIBRARY_PATH set on the workers; see README), beside the user's own --jars.
    merge_jars "$natives"
    exec "$SPARK_HOME/bin/spark-submit" --class "$main_class" \
      "${SUBMIT_ARGS[@]}" "$jar" "${JOB_ARGS[@]}"
  else
    local cluster_options=()
    split_submit_args "$@" # only to learn the master, from the command line or a preset
    if [[ "$(submitted_master)" == spark://* ]]; then
      # A standalone cluster's executors get the job and libtorch from the driver, as spark-submit
      # would send them; and the driver listens where the cluster can reach it.
      cluster_options=(-Dspark.jars="$jar${natives:+,$natives}")
    else
      # The embedded local Spark binds to the loopback address, whatever the machine's name
      # resolves to.
      export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
    fi
    local java
    java="$(java_binary)" || exit 2
    # shellcheck disable=SC2046 # the empty-array form: bash before 4.4 calls "${a[@]}" unbound
    exec "$java" $(spark_jvm_options) "${LOCAL_JVM_OPTIONS[@]}" ${W2V_DRIVER_JAVA_OPTS:--Xmx4g} \
      ${cluster_options[@]+"${cluster_options[@]}"} \
      -cp "$jar${natives:+:$natives}:$(cat "$TARGET/classpath/spark.txt")${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}" \
      "$main_class" "$@"
  fi
}

# submitted_master: the master the job will take from SUBMIT_ARGS (split_submit_args), or nothing:
# a `--conf spark.master=M` (or -c, or --conf=), which the jobs put first, else the last --master.
submitted_master() {
  local i master="" conf_master=""
  for ((i = 0; i < ${#SUBMIT_ARGS[@]}; i++)); do
    case "${SUBMIT_ARGS[i]}" in
      --master) master="${SUBMIT_ARGS[i + 1]:-}" ;;
      --master=*) master="${SUBMIT_ARGS[i]#--master=}" ;;
      --conf | -c)
        [[ "${SUBMIT_ARGS[i + 1]:-}" != spark.master=* ]] \
          || conf_master="${SUBMIT_ARGS[i + 1]#spark.master=}" ;;
      --conf=spark.master=*) conf_master="${SUBMIT_ARGS[i]#--conf=spark.master=}" ;;
    esac
  done
  echo "${conf_master:-$master}"
}

# run_java CLASS ARGS...: runs a plain (non-Spark) main class on the local JVM with the project's
# classpath, for commands such as jobs/score.sh that need Hadoop's file systems but no Spark
# session. $HADOOP_CONF_DIR, when set, goes on the classpath so hdfs: and s3a: URIs resolve as on
# the cluster.
run_java() {
  local main_class="$1"
  shift
  ensure_built
  local java
  java="$(java_binary)" || exit 2
  exec "$java" "${LOCAL_JVM_OPTIONS[@]}" ${W2V_DRIVER_JAVA_OPTS:--Xmx2g} \
    -cp "$(job_jar):$(cat "$TARGET/classpath/spark.txt")${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}" \
    "$main_class" "$@"
}
