package org.wav2vec2spark.nightly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Identifies the evaluation data of a run: SHA-256 over the sorted lines {@code
 * <split>/<id>\t<reference>\n} of all its utterances, failed ones included. Two runs with the same
 * fingerprint scored the same utterances against the same references, so their error rates compare
 * directly; a changed, added or removed transcript changes it.
 */
public final class DataFingerprint {

    private DataFingerprint() {}

    /** The fingerprint of a run's utterances, in any order. */
    public static String of(Collection<UtteranceOutcome> utterances) {
        MessageDigest digest = sha256();
        utterances.stream()
                .map(u -> u.key() + "\t" + u.reference() + "\n")
                .sorted()
                .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
