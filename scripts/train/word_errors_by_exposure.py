#!/usr/bin/env python3
"""Word error rate of an evaluate run by how often the training text shows each reference word.

Reads the per-utterance rows of a finished `jobs/evaluate.sh` run (OUTPUT/utterances-json/*.json),
aligns each hypothesis with its reference word by word (Levenshtein, as the job's WER does) and
counts a reference word wrong unless the alignment matches it exactly. Each word falls into one
class, the first that holds:

  template  the word is in scripts/text/training_words.txt, which most training sentences use;
  scowl10   in the corpus's most common tier: SCOWL's size-10 English or American words (Debian's
            scowl), read as make_training_corpus.py reads them;
  scowl20   in its next tier, SCOWL's size-20 words;
  rare      anything else.

It prints, per split and class, the reference words and the share of them that is wrong. This
is how the bundled model's errors were found to follow its training text's vocabulary (README).

Usage:
    python3 scripts/train/word_errors_by_exposure.py runs/evaluate-YYYYMMDD-HHMMSS
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_training_corpus as corpus  # noqa: E402

CLASSES = ("template", "scowl10", "scowl20", "rare")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("output", type=Path, help="the --output folder of a finished evaluate run")
    p.add_argument("--scowl", type=Path, default=corpus.SCOWL,
                   help=f"SCOWL's word lists (default {corpus.SCOWL})")
    args = p.parse_args(argv)
    rows = read_rows(args.output)
    template = {w.upper() for words in corpus.load_words(corpus.WORDS_FILE).values() for w in words}
    (tier10, _), (tier20, _) = corpus.load_common_tiers(args.scowl)
    common = {10: {w.upper() for w in tier10}, 20: {w.upper() for w in tier20}}
    counts = {}
    for row in rows:
        reference = row["reference"].split()
        hypothesis = (row["hypothesis"] or "").split()
        for word, right in zip(reference, matched(reference, hypothesis)):
            word_class = ("template" if word in template else "scowl10" if word in common[10]
                          else "scowl20" if word in common[20] else "rare")
            total, wrong = counts.get((row["split"], word_class), (0, 0))
            counts[(row["split"], word_class)] = (total + 1, wrong + (not right))
    print("split\tclass\treference_words\tword_error")
    for split in sorted({split for split, _ in counts}):
        for word_class in CLASSES:
            total, wrong = counts.get((split, word_class), (0, 0))
            if total:
                print(f"{split}\t{word_class}\t{total}\t{wrong / total:.3f}")
    return 0


def read_rows(output):
    files = sorted((output / "utterances-json").glob("*.json"))
    if not files:
        sys.exit(f"error: no {output}/utterances-json/*.json: not the output folder of a finished evaluate run")
    rows = []
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            row = json.loads(line)
            if row.get("status") != "ok":
                sys.exit(f"error: {path}:{lineno}: utterance {row.get('id')} failed; "
                         "word errors need every utterance decoded")
            rows.append(row)
    return rows


def matched(reference, hypothesis):
    """For each reference word, whether a minimum-edit alignment pairs it with an equal hypothesis word."""
    n, m = len(reference), len(hypothesis)
    cost = [[i + j if i == 0 or j == 0 else 0 for j in range(m + 1)] for i in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1,
                             cost[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]))
    right, i, j = [False] * n, n, m
    while i > 0 and j > 0:
        if cost[i][j] == cost[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]):
            right[i - 1] = reference[i - 1] == hypothesis[j - 1]
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return right


if __name__ == "__main__":
    sys.exit(main())
