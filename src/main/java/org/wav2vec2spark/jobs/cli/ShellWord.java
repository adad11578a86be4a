package org.wav2vec2spark.jobs.cli;

import java.util.regex.Pattern;

/**
 * A value as one word of a POSIX shell command, for messages that suggest a command to run: as it
 * is when the shell would keep it whole, else in single quotes, so that a path with a space or a
 * {@code #} pastes as the one argument it is.
 */
public final class ShellWord {
    /** Kept whole and unexpanded by bash and zsh; zsh expands a leading {@code =}. */
    private static final Pattern SAFE =
            Pattern.compile("[A-Za-z0-9_./:@%+,-][A-Za-z0-9_./:=@%+,-]*");

    private ShellWord() {}

    /**
     * The value quoted for a shell where it needs to be.
     *
     * @param value any text
     * @return {@code value}, or {@code 'value'} with each {@code '} written {@code '\''}
     */
    public static String of(String value) {
        return SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
