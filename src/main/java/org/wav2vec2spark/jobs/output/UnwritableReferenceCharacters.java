package org.wav2vec2spark.jobs.output;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wav2vec2spark.metrics.CaseFolding;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds reference characters the model can never write, such as a curly apostrophe, punctuation or
 * lower case in references made for another model: each counts as an error whatever the model
 * hears, so a WER inflated by them would otherwise pass for the model's own. LibriSpeech's
 * references (upper case, apostrophes, spaces) hold none for a large-960h-style vocabulary.
 */
public final class UnwritableReferenceCharacters {

    /** The characters named in the message, the most frequent first. */
    static final int CHARACTERS_NAMED = 5;

    private UnwritableReferenceCharacters() {}

    /**
     * Describes the reference characters outside {@code writable}, after {@code folding}.
     *
     * @param results the per-utterance results, with {@code id} and {@code reference} columns
     *     ({@code reference} is null for an utterance without one)
     * @param writable code points the model's decoding can write ({@code
     *     Vocabulary.writableCharacters()})
     * @param folding how references are compared with hypotheses; the characters are checked as the
     *     comparison sees them
     * @return {@code null} when every reference character is writable; otherwise a message naming
     *     the characters, how many utterances hold each and one of them
     */
    public static String describe(
            Dataset<Row> results, Set<Integer> writable, CaseFolding folding) {
        Set<Integer> allowed = new HashSet<>();
        writable.forEach(
                c ->
                        folding.apply(new String(Character.toChars(c)))
                                .codePoints()
                                .forEach(allowed::add));
        List<Tuple2<Integer, Found>> found =
                new ArrayList<>(
                        results.select("id", "reference")
                                .javaRDD()
                                .flatMapToPair(row -> outside(row, allowed, folding).iterator())
                                .reduceByKey(Found::merge)
                                .collect());
        if (found.isEmpty()) {
            return null;
        }
        found.sort(
                Comparator.comparing((Tuple2<Integer, Found> f) -> -f._2().utterances())
                        .thenComparing(Tuple2::_1));
        StringBuilder message =
                new StringBuilder(
                        "references hold characters the model cannot write, each an error whatever"
                                + " it hears:");
        for (Tuple2<Integer, Found> f :
                found.subList(0, Math.min(found.size(), CHARACTERS_NAMED))) {
            message.append(
                    String.format(
                            Locale.ROOT,
                            " '%s' (U+%04X) in %d utterance(s), e.g. %s;",
                            new String(Character.toChars(f._1())),
                            f._1(),
                            f._2().utterances(),
                            f._2().example()));
        }
        if (found.size() > CHARACTERS_NAMED) {
            message.append(" and ").append(found.size() - CHARACTERS_NAMED).append(" more;");
        }
        return message.append(
                        " normalise the references as LibriSpeech's are (upper case, apostrophes"
                                + " kept, no other punctuation)")
                .toString();
    }

    private static List<Tuple2<Integer, Found>> outside(
            Row row, Set<Integer> allowed, CaseFolding folding) {
        String reference = folding.apply(row.getString(1));
        List<Tuple2<Integer, Found>> outside = new ArrayList<>();
        if (reference == null) {
            return outside;
        }
        reference
                .codePoints()
                .filter(c -> !allowed.contains(c))
                .distinct()
                .forEach(c -> outside.add(new Tuple2<>(c, new Found(1, row.getString(0)))));
        return outside;
    }

    /** Utterances holding one character, and the first of them by id. */
    private record Found(long utterances, String example) implements Serializable {
        Found merge(Found other) {
            return new Found(
                    utterances + other.utterances,
                    example.compareTo(other.example) <= 0 ? example : other.example);
        }
    }
}
