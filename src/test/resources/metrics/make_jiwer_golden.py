#!/usr/bin/env python3
"""Regenerates jiwer_golden.jsonl: jiwer's own word and character counts (hits, substitutions,
deletions, insertions) and rates for the 300 seeded reference/hypothesis pairs of
torchaudio_golden.jsonl beside this file, so that both goldens cover the same pairs.

Each pair is scored with jiwer.process_words(reference, hypothesis) and
jiwer.process_characters(reference, hypothesis) with the default transforms (wer_default and
cer_default), one pair at a time. A pair jiwer raises on gets an "error" field (exception type and
message) instead of counts. The last line holds corpus-level jiwer.wer(references, hypotheses) and
jiwer.cer(references, hypotheses) over all the pairs jiwer accepted, as floats printed with repr
precision (json.dumps writes the shortest string that reads back as the same double).

The build machine has no PyPI and no Debian release packages jiwer, so the committed golden was
made with jiwer 4.0.0 run from its source files (jitsi/jiwer, src/jiwer/; see JIWER_SOURCE below;
copied to target/jiwer-src, outside what git tracks) on Debian unstable's python3-rapidfuzz, in the
chroot of scripts/with-transformers.sh, from the repository root:

    sudo scripts/with-transformers.sh bash -c \\
        'cd src/test/resources/metrics && PYTHONPATH=/repo/target/jiwer-src python3 make_jiwer_golden.py'

Where PyPI exists the same is:

    pip install jiwer==4.0.0 rapidfuzz
    python3 make_jiwer_golden.py

Output: one JSON object per line. The first is a header naming the tools and their versions; then
one object per pair with id, reference, hypothesis, word_hits, word_substitutions, word_deletions,
word_insertions, reference_words, word_errors, wer, and the same with char_ / reference_chars /
cer; the last has "corpus": true with pairs, wer and cer.
"""

import json
import platform
import sys

import jiwer
import rapidfuzz

# Where the jiwer that made the committed golden came from. jiwer 4.0.0 is the version in
# pyproject.toml and __init__.py at 1df972ca; process.py and alignment.py were taken from c1b0d5e0,
# the stored revision of those two files with jiwer 4.0's empty-reference handling (required by
# tests/test_empty_ref.py at 1df972ca) and the same ruff style as the rest.
JIWER_SOURCE = ("jitsi/jiwer src/jiwer: __init__, cli, measures, transforms, transformations at "
                "1df972ca008e6fa09043c26a287c160ba44fe739 (version 4.0.0); process, alignment at "
                "c1b0d5e005431f5ce4fa6797f48639a8ccaa5042")
PAIRS_FROM = "torchaudio_golden.jsonl"


def read_pairs(path):
    with open(path, encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [(row["id"], row["reference"], row["hypothesis"]) for row in rows[1:]]


def counts(prefix, output, reference_key):
    hits, subs = output.hits, output.substitutions
    dels, ins = output.deletions, output.insertions
    return {
        prefix + "hits": hits, prefix + "substitutions": subs,
        prefix + "deletions": dels, prefix + "insertions": ins,
        reference_key: hits + subs + dels, prefix + "errors": subs + dels + ins,
    }


def score(pair_id, reference, hypothesis):
    row = {"id": pair_id, "reference": reference, "hypothesis": hypothesis}
    try:
        words = jiwer.process_words(reference, hypothesis)
        chars = jiwer.process_characters(reference, hypothesis)
    except Exception as e:  # recorded in the golden: which pairs jiwer refuses is the point
        row["error"] = f"{type(e).__name__}: {e}"
        return row
    row.update(counts("word_", words, "reference_words"))
    row["wer"] = float(words.wer)
    row.update(counts("char_", chars, "reference_chars"))
    row["cer"] = float(chars.cer)
    return row


def main(pairs_path, out_path):
    pairs = read_pairs(pairs_path)
    rows = [score(*pair) for pair in pairs]
    accepted = [row for row in rows if "error" not in row]
    references = [row["reference"] for row in accepted]
    hypotheses = [row["hypothesis"] for row in accepted]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(json.dumps({
            "generator": "make_jiwer_golden.py", "pairs_from": PAIRS_FROM,
            "jiwer": jiwer.__version__, "jiwer_source": JIWER_SOURCE,
            "rapidfuzz": rapidfuzz.__version__, "python": platform.python_version(),
        }) + "\n")
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=True) + "\n")
        out.write(json.dumps({
            "corpus": True, "pairs": len(accepted),
            "wer": float(jiwer.wer(references, hypotheses)),
            "cer": float(jiwer.cer(references, hypotheses)),
        }) + "\n")


if __name__ == "__main__":
    main(PAIRS_FROM, sys.argv[1] if len(sys.argv) > 1 else "jiwer_golden.jsonl")
