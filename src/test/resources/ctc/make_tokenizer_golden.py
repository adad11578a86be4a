#!/usr/bin/env python3
"""Regenerates tokenizer_golden.jsonl: what transformers' Wav2Vec2CTCTokenizer makes of hand-made and
seeded frame-level id sequences, for tokenizer directories other than facebook/wav2vec2-large-960h's.

Each case is a small tokenizer directory (vocab.json, and tokenizer_config.json and/or
special_tokens_map.json as community fine-tunes ship them: [PAD]/[UNK] with a lower-case vocabulary,
as the XLSR fine-tuning blog makes; an upper-case vocabulary with do_lower_case; another word
delimiter and replace_word_delimiter_char; the two files disagreeing). The case's files are written
to a temporary folder and loaded with Wav2Vec2CTCTokenizer.from_pretrained, then every sequence is
decoded as a model card does after torch.argmax, tokenizer.batch_decode(ids) with its defaults, and
with decode(ids, output_word_offsets=True) for the word offsets of the ASR pipeline's
return_timestamps="word".

Two settings are applied as transformers 4 loads them, not as transformers 5.12.1's from_pretrained
does, and the header says so: a word_delimiter_token in tokenizer_config.json, which 5.12.1 files
among its model-specific special tokens and so leaves the tokenizer's delimiter at "|" (the
model was trained with the configured one; a tokenizer constructed with it, or loaded by transformers
4, uses it), is set on the loaded tokenizer; and where neither file sets
clean_up_tokenization_spaces, sequences are decoded with True, the default of transformers up to
4.44 and the project's, where 4.45 and later (5.12.1 too) default to False.

Output: one JSON object per line. The first is a header naming the versions; then one object per
case with its "files" (file name -> JSON content), the settings the loaded tokenizer ended up with
("settings": pad_token, word_delimiter_token, unk_token, replace_word_delimiter_char,
do_lower_case, clean_up_tokenization_spaces) and "decodes": a list of {ids, text, words}, words
being [word, start_offset, end_offset] triples. TokenizerGoldenTest reads each case's files through
the model directory's tokenizer reader, decodes the same ids and expects the same settings, text
and words.

Made from the repository root by

    sudo scripts/with-transformers.sh python3 src/test/resources/ctc/make_tokenizer_golden.py
"""

import json
import platform
import random
import tempfile
from pathlib import Path

import transformers
from transformers import Wav2Vec2CTCTokenizer

OUT = Path(__file__).resolve().parent / "tokenizer_golden.jsonl"
SEED = 20261130
RANDOM_SEQUENCES = 25

LOWER = list("abcdefghijklmnopqrstuvwxyz'")


def blog_vocab():
    """The XLSR fine-tuning blog's vocabulary: sorted characters with " " renamed "|", then [UNK] and
    [PAD] appended."""
    chars = sorted(LOWER + [" "])
    vocab = {c: i for i, c in enumerate(chars)}
    vocab["|"] = vocab.pop(" ")
    vocab["[UNK]"] = len(vocab)
    vocab["[PAD]"] = len(vocab)
    return vocab


def upper_vocab():
    """A small vocabulary laid out as facebook/wav2vec2-large-960h's: specials first, upper case."""
    tokens = ["<pad>", "<s>", "</s>", "<unk>", "|"] + list("ETAOINSHRDL'ΣΟΔ")
    return {t: i for i, t in enumerate(tokens)}


def underscore_vocab():
    """Lower-case letters with "_" between words and a literal space token as well."""
    tokens = ["[PAD]", "[UNK]", "_", " "] + list("abcdehilnorstw.")
    return {t: i for i, t in enumerate(tokens)}


BLOG_SPECIALS = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "[UNK]", "pad_token": "[PAD]"}

CASES = [
    ("xlsr-blog", {
        "vocab.json": blog_vocab(),
        "tokenizer_config.json": {"unk_token": "[UNK]", "pad_token": "[PAD]", "word_delimiter_token": "|",
                                  "bos_token": "<s>", "eos_token": "</s>", "do_lower_case": False,
                                  "clean_up_tokenization_spaces": True,
                                  "tokenizer_class": "Wav2Vec2CTCTokenizer"},
        "special_tokens_map.json": BLOG_SPECIALS,
    }),
    ("special-tokens-map-only", {
        "vocab.json": blog_vocab(),
        "special_tokens_map.json": {
            "unk_token": {"content": "[UNK]", "lstrip": True, "normalized": False, "rstrip": True,
                          "single_word": False},
            "pad_token": {"content": "[PAD]", "lstrip": True, "normalized": False, "rstrip": True,
                          "single_word": False},
            "bos_token": "<s>", "eos_token": "</s>"},
    }),
    ("lower-cased-output", {
        "vocab.json": upper_vocab(),
        "tokenizer_config.json": {"do_lower_case": True, "clean_up_tokenization_spaces": False,
                                  "word_delimiter_token": "|"},
    }),
    ("underscore-delimiter", {
        "vocab.json": underscore_vocab(),
        "tokenizer_config.json": {"pad_token": "[PAD]", "unk_token": "[UNK]", "word_delimiter_token": "_",
                                  "replace_word_delimiter_char": " ", "clean_up_tokenization_spaces": True},
    }),
    ("replaced-delimiter-char", {
        "vocab.json": upper_vocab(),
        "tokenizer_config.json": {"replace_word_delimiter_char": "-", "clean_up_tokenization_spaces": True},
    }),
    ("files-disagree", {
        "vocab.json": blog_vocab(),
        "tokenizer_config.json": {"pad_token": "<pad>", "unk_token": "<unk>", "clean_up_tokenization_spaces": True},
        "special_tokens_map.json": BLOG_SPECIALS,
    }),
]


def hand_made(vocab):
    """Sequences spelled with the vocabulary's own tokens, each chosen to exercise one rule."""
    inverse = {token: i for token, i in vocab.items()}
    tokens = sorted(vocab, key=vocab.get)
    letters = [t for t in tokens if len(t) == 1 and t.isalpha()]
    a, b = letters[0], letters[1]
    specials = [t for t in tokens if len(t) > 1]
    spelled = [
        [a, a, b, b],                 # runs merge
        [a, "BLANK", a, b],           # a blank keeps two equal letters apart
        ["DELIM", a, "DELIM", "DELIM", b, "DELIM"],  # delimiters become spaces, outer ones stripped
        [a, "DELIM", "BLANK", "DELIM", b],           # two delimiter runs: two spaces
        [a] + specials + [b],         # special tokens other than the blank are kept
        ["BLANK", "BLANK"],
        [],
    ]
    if "'" in vocab:
        spelled.append([a, "DELIM", "'", "DELIM", b])  # " ' " is what clean_up_tokenization removes
    if "." in vocab:
        spelled.append([a, "DELIM", ".", "DELIM", b])
    if "Σ" in vocab:
        spelled.append(["Ο", "Δ", "Ο", "BLANK", "Σ", "DELIM", "Σ", "Ο"])  # Greek final sigma when lower-cased
    return spelled, inverse


def main():
    rng = random.Random(SEED)
    lines = [{"generator": "make_tokenizer_golden.py", "transformers": transformers.__version__,
              "python": platform.python_version(), "seed": SEED,
              "as_transformers_4": "tokenizer_config.json's word_delimiter_token applied; "
                                   "clean_up_tokenization_spaces True where no file sets it"}]
    for name, files in CASES:
        with tempfile.TemporaryDirectory() as folder:
            for file_name, content in files.items():
                (Path(folder) / file_name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
            tokenizer = Wav2Vec2CTCTokenizer.from_pretrained(folder)
        config = files.get("tokenizer_config.json", {})
        if "word_delimiter_token" in config:
            tokenizer._word_delimiter_token = config["word_delimiter_token"]  # the setter files it elsewhere in 5.12.1
        if not any("clean_up_tokenization_spaces" in f for f in files.values()):
            tokenizer.clean_up_tokenization_spaces = True
        vocab = files["vocab.json"]
        blank = vocab[tokenizer.pad_token]
        delimiter = vocab.get(tokenizer.word_delimiter_token)
        spelled, inverse = hand_made(vocab)
        sequences = []
        for tokens in spelled:
            ids = []
            for token in tokens:
                if token == "BLANK":
                    ids.append(blank)
                elif token == "DELIM":
                    if delimiter is not None:
                        ids.append(delimiter)
                else:
                    ids.append(inverse[token])
            sequences.append(ids)
        sequences.append([vocab[t] for t in sorted(vocab, key=vocab.get)[:3]] + [len(vocab) + 50])  # out of range
        for _ in range(RANDOM_SEQUENCES):
            length = rng.randrange(0, 40)
            ids = []
            for _ in range(length):
                draw = rng.random()
                if draw < 0.4:
                    ids.append(blank)
                elif draw < 0.55 and delimiter is not None:
                    ids.append(delimiter)
                else:
                    ids.append(rng.randrange(len(vocab)))
            sequences.append(ids)
        decodes = []
        for ids in sequences:
            text = tokenizer.batch_decode([ids])[0]
            offsets = tokenizer.decode(ids, output_word_offsets=True)["word_offsets"]
            words = [[w["word"], int(w["start_offset"]), int(w["end_offset"])] for w in offsets]
            decodes.append({"ids": ids, "text": text, "words": words})
        settings = {
            "pad_token": str(tokenizer.pad_token),
            "word_delimiter_token": tokenizer.word_delimiter_token,
            "unk_token": str(tokenizer.unk_token),
            "replace_word_delimiter_char": tokenizer.replace_word_delimiter_char,
            "do_lower_case": tokenizer.do_lower_case,
            "clean_up_tokenization_spaces": tokenizer.clean_up_tokenization_spaces,
        }
        lines.append({"case": name, "files": files, "settings": settings, "decodes": decodes})
    with OUT.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"wrote {len(lines) - 1} cases to {OUT}")


if __name__ == "__main__":
    main()
