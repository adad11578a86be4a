package org.wav2vec2spark.jobs;

/**
 * The start of a stand-in {@code java} script for the launcher tests: it answers the launchers'
 * version check ({@code jobs/lib.sh java_binary}) as a Java 17 would, and goes on to the rest of
 * the script for any other call.
 */
final class JavaStandIn {
    /** Lines that answer {@code java -XshowSettings:properties -version} as Java 17 does. */
    static final String ANSWERS_VERSION_17 = answersVersion("17");

    private JavaStandIn() {}

    /** Lines that answer the version check with {@code java.specification.version = version}. */
    static String answersVersion(String version) {
        return "if [ \"$1\" = -XshowSettings:properties ]; then\n"
                + "  echo '    java.specification.version = "
                + version
                + "' >&2; exit 0\n"
                + "fi\n";
    }
}
