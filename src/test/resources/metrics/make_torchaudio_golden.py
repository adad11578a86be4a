#!/usr/bin/env python3
"""Regenerates torchaudio_golden.jsonl: word and character edit distances of seeded random
reference/hypothesis pairs, computed by torchaudio.functional.edit_distance (PyTorch's Levenshtein
distance over token sequences), an implementation independent of jiwer and of ours.

Debian 12 packages neither jiwer nor torchmetrics and the build machine has no PyPI, but it ships
torchaudio (jiwer_golden.jsonl, made later, has jiwer's own counts for the same pairs). Run from
this directory:

    sudo apt-get install -y python3-torchaudio
    /usr/bin/python3 make_torchaudio_golden.py

Tokens are made as jiwer's default transforms make them, so that the distances are what jiwer's
wer() and cer() sum: words = RemoveMultipleSpaces, Strip, split on " " dropping empty pieces
(jiwer.transformations.wer_default); characters = Strip, then every code point, spaces included
(cer_default). The pairs cover alignment ties (a small vocabulary), empty hypotheses and
references, runs of spaces and tabs, Python-only whitespace (U+001C, U+3000) and a character
outside the Basic Multilingual Plane.

Output: one JSON object per line with id, reference, hypothesis, reference_words, word_errors,
reference_chars, char_errors; the first line is a header object naming the tools.
"""

import json
import random
import re
import sys

import torch
import torchaudio
from torchaudio.functional import edit_distance

SEED = 20261129
PAIRS = 300
WORDS = ["THE", "A", "CAT", "SAT", "ON", "MAT", "AND", "DOG", "RAN", "OF", "HE", "SHE", "DON'T",
         "SMALL", "SMOL", "BARKED", "BACKD"]
# Separators between words: mostly one space, sometimes runs or whitespace that only Python (and so
# jiwer) treats as such; a single tab or U+001C inside a line is not a word boundary for jiwer.
SEPARATORS = [" "] * 20 + ["  ", " \t ", "\t", "\u001c", " \u3000 ", "\u3000"]


def words_of(text):
    """jiwer wer_default: RemoveMultipleSpaces (re.sub(r"\\s\\s+", " ")), Strip, split on " "."""
    return [w for w in re.sub(r"\s\s+", " ", text).strip().split(" ") if w]


def chars_of(text):
    """jiwer cer_default: Strip, then one token per code point, spaces included."""
    return list(text.strip())


def join(rng, words):
    if not words:
        return rng.choice(["", "", " ", "\t"])
    text = words[0]
    for word in words[1:]:
        text += rng.choice(SEPARATORS) + word
    return rng.choice(["", "", "", " "]) + text + rng.choice(["", "", "", " \n"])


def edit(rng, reference):
    hypothesis = []
    for word in reference:
        roll = rng.random()
        if roll < 0.10:
            continue  # deletion
        if roll < 0.22:
            hypothesis.append(rng.choice(WORDS))  # substitution (sometimes by itself)
        elif roll < 0.30:
            hypothesis.append(misspell(rng, word))  # a near miss: character errors only
        else:
            hypothesis.append(word)
        if rng.random() < 0.08:
            hypothesis.append(rng.choice(WORDS))  # insertion
    return hypothesis


def misspell(rng, word):
    position = rng.randrange(len(word) + 1)
    return word[:position] + rng.choice("AEIOU'\U0001F600") + word[position + 1:]


def pairs(rng):
    for k in range(PAIRS):
        n = 0 if k % 50 == 7 else rng.randint(1, 20)
        reference = [rng.choice(WORDS) for _ in range(n)]
        if k % 25 == 3:
            hypothesis = []  # nothing recognised
        elif k % 10 == 9 or not reference:
            hypothesis = [rng.choice(WORDS) for _ in range(rng.randint(0, 20))]  # unrelated
        else:
            hypothesis = edit(rng, reference)
        yield f"pair-{k:04d}", join(rng, reference), join(rng, hypothesis)


def main(path):
    rng = random.Random(SEED)
    with open(path, "w", encoding="utf-8") as out:
        write(rng, out)


def write(rng, out):
    out.write(json.dumps({"generator": "make_torchaudio_golden.py", "seed": SEED,
                          "torchaudio": torchaudio.__version__, "torch": torch.__version__}) + "\n")
    for pair_id, reference, hypothesis in pairs(rng):
        ref_words, ref_chars = words_of(reference), chars_of(reference)
        out.write(json.dumps({
            "id": pair_id, "reference": reference, "hypothesis": hypothesis,
            "reference_words": len(ref_words),
            "word_errors": edit_distance(ref_words, words_of(hypothesis)),
            "reference_chars": len(ref_chars),
            "char_errors": edit_distance(ref_chars, chars_of(hypothesis)),
        }, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "torchaudio_golden.jsonl")
