#!/usr/bin/env python3
"""Synthesise the training corpus of the bundled model: seeded espeak-ng speech from generated text.

The evaluation splits of data-samples/LibriSpeech come from scripts/make_librispeech_samples.py and
scripts/text/eval_sentences.txt. Training must not see those sentences, nor the voices that the
"-other" splits hold out, so this script:

* generates its own sentences (seeded) from scripts/text/training_words.txt (templates over
  everyday words) and from runs of dictionary words, for spelling coverage, and drops any sentence
  whose reference equals an evaluation sentence. Dictionary words are drawn as often as their
  commonness suggests, like words in real text: with --common-words (the default), 60% from
  SCOWL's size-10 lists (the most common 4,400 English words), 25% from its size-20 lists (the next
  8,100) and 15% from Debian's wamerican-small (about 38,000); with --no-common-words, all from
  wamerican-small, as corpora made before 2026-11-30 were;
* speaks them with the clean-pool accents only (en-us, en-gb, en-gb-x-rp) and with every espeak-ng
  variant except the six that "-other" uses (m4 m5 m6 m7 f3 f5), at rates 130-240 words/min that
  cover both splits' speeds, pitch 20-80;
* reverberates a share of them with sox at random settings (the evaluation uses 25 50 50).
Noise is not added here: the trainer mixes white or pink noise at a random SNR on the fly, against
each utterance's active-speech power, which this script stores.

Output (under --out): shard-NNN.npz (int16 audio concatenated, offsets, references, active-speech
power), manifest.tsv (id, seconds, voice, rate, pitch, reverb, reference) and SOURCE.txt (command,
tool versions, text statistics including how many evaluation words the training text covers).

Usage:
    python3 scripts/train/make_training_corpus.py --out /tmp/w2v-train --utterances 6000
"""

import argparse
import collections
import hashlib
import io
import multiprocessing
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO_ROOT / "scripts"))
import make_librispeech_samples as samples  # noqa: E402

WORDS_FILE = REPO_ROOT / "scripts" / "text" / "training_words.txt"
DICTIONARY = Path("/usr/share/dict/american-english-small")
SCOWL = Path("/usr/share/dict/scowl")
WORDNET = Path("/usr/share/wordnet")
# (SCOWL size, share of dictionary words drawn from that size's lists); the rest of the share is
# drawn from --dictionary. SCOWL's sizes grade words by commonness (10: the most common).
COMMON_TIERS = ((10, 0.60), (20, 0.25))
DEFAULT_SEED = 20261129
SAMPLE_RATE = 16000
SHARD_SIZE = 500

TRAIN_VOICES = samples.CLEAN_VOICES
HELD_OUT_VARIANTS = set(samples.OTHER_VARIANTS)
TRAIN_VARIANTS = ("m1", "m2", "m3", "m8", "f1", "f2", "f4", "Alex", "Andy", "Annie", "Denis", "Gene",
                  "Jacky", "Lee", "Michael", "Mike", "adam", "anika", "aunty", "belinda", "benjamin",
                  "caleb", "david", "ed", "edward", "grandma", "grandpa", "iven", "john", "linda", "max",
                  "michel", "norbert", "paul", "quincy", "rob", "robert", "shelby", "steph", "travis",
                  "victor", "zac", "klatt", "klatt2", "klatt3")
RATE = (130, 240)
PITCH = (20, 80)
REVERB_SHARE = 0.4
DICTIONARY_SHARE = 0.35


def main(argv=None):
    args = parse_args(argv)
    samples.check_tools()
    assert not HELD_OUT_VARIANTS & set(TRAIN_VARIANTS), "training must not use the -other variants"
    words = load_words(WORDS_FILE)
    dictionary = load_dictionary(args.dictionary)
    tiers = load_common_tiers(args.scowl) if args.common_words else []
    examples = load_wordnet_examples(args.wordnet) if args.natural_share > 0 else []
    eval_refs = {ref for _, ref in samples.load_sentences(samples.DEFAULT_TEXT)}
    rng = random.Random(f"{args.seed}:text")
    jobs = []
    while len(jobs) < args.utterances:
        if examples and rng.random() < args.natural_share:
            sentence = rng.choice(examples)
        else:
            sentence = make_sentence(rng, words, dictionary, tiers)
        reference = samples.normalise(sentence)
        if reference in eval_refs or not 3 <= len(reference.split()) <= 20:
            continue
        jobs.append((f"train-{len(jobs):06d}", sentence, reference, args.seed))
    args.out.mkdir(parents=True, exist_ok=True)
    with multiprocessing.Pool(args.workers) as pool:
        results = []
        for i, result in enumerate(pool.imap(synthesise, jobs, chunksize=8)):
            results.append(result)
            if (i + 1) % 500 == 0:
                print(f"{i + 1}/{len(jobs)} utterances", flush=True)
    write_shards(args.out, results)
    write_manifest(args.out, results)
    write_source(args, results, eval_refs)
    hours = sum(len(r["audio"]) for r in results) / SAMPLE_RATE / 3600
    print(f"wrote {len(results)} utterances, {hours:.2f} h of audio, to {args.out}")
    return 0


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--utterances", type=int, default=6000, help="number of utterances (default 6000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed (default {DEFAULT_SEED})")
    p.add_argument("--workers", type=int, default=2, help="synthesis processes (default 2)")
    p.add_argument("--dictionary", type=Path, default=DICTIONARY,
                   help=f"wamerican-small's word list (default {DICTIONARY})")
    p.add_argument("--common-words", action=argparse.BooleanOptionalAction, default=True,
                   help="draw dictionary words by SCOWL commonness tier (default; Debian package scowl)")
    p.add_argument("--scowl", type=Path, default=SCOWL, help=f"SCOWL's word lists (default {SCOWL})")
    p.add_argument("--natural-share", type=float, default=0.0,
                   help="share of utterances that speak a WordNet example sentence instead of a generated one "
                        "(default 0; Debian package wordnet-base)")
    p.add_argument("--wordnet", type=Path, default=WORDNET, help=f"WordNet's database (default {WORDNET})")
    args = p.parse_args(argv)
    if args.utterances < 1 or args.workers < 1:
        p.error("--utterances and --workers must be >= 1")
    if not 0 <= args.natural_share <= 1:
        p.error("--natural-share must be between 0 and 1")
    return args


def load_words(path):
    """Categories of training_words.txt; multi-word entries of 'time' are separated by commas."""
    words = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        category, sep, rest = line.partition(":")
        if not sep or not rest.split():
            sys.exit(f"error: {path}:{lineno}: expected '<category>: word word ...', got {line!r}")
        words[category.strip()] = rest.split()
    return words


def load_dictionary(path):
    if not path.is_file():
        sys.exit(f"error: word list {path} not found (Debian: apt-get install wamerican-small, or --dictionary)")
    entries = path.read_text(encoding="utf-8", errors="replace").split()
    # lower-case words only (no proper nouns, no possessives: the sentence maker adds a few)
    return sorted({w for w in entries if re.fullmatch(r"[a-z]{2,12}", w)})


def load_common_tiers(folder):
    """(words, share) per COMMON_TIERS entry: SCOWL's English and American word lists of that size."""
    tiers = []
    for size, share in COMMON_TIERS:
        lists = [folder / f"{variety}-words.{size}" for variety in ("english", "american")]
        missing = [str(path) for path in lists if not path.is_file()]
        if missing:
            sys.exit(f"error: SCOWL word list {missing[0]} not found (Debian: apt-get install scowl, "
                     f"or --scowl DIR, or --no-common-words)")
        entries = " ".join(path.read_text(encoding="utf-8", errors="replace") for path in lists).split()
        tiers.append((sorted({w for w in entries if re.fullmatch(r"[a-z]{2,12}", w)}), share))
    return tiers


def load_wordnet_examples(folder):
    """WordNet's example sentences (the quoted phrases of its glosses) that read as plain English:
    four to twenty words that espeak-ng reads as written (see speakable_as_written)."""
    examples = set()
    for pos in ("noun", "verb", "adj", "adv"):
        path = folder / f"data.{pos}"
        if not path.is_file():
            sys.exit(f"error: WordNet database file {path} not found (Debian: apt-get install wordnet-base, "
                     f"or --wordnet DIR, or --natural-share 0)")
        for line in path.read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or "| " not in line:  # the licence header, or a synset without a gloss
                continue
            for example in re.findall(r'"([^"]+)"', line.split("| ", 1)[1]):
                example = example.strip()
                if speakable_as_written(example) and 4 <= len(example.split()) <= 20:
                    examples.add(example)
    return sorted(examples)


def speakable_as_written(text):
    """True when espeak-ng speaks the text's words as its normalised reference spells them: letters,
    apostrophes, hyphens and phrase punctuation only, a full stop only at the end (no abbreviations),
    and no word of two or more capitals (acronyms are spelled out letter by letter)."""
    return (re.fullmatch(r"[A-Za-z' ,;:?!-]+\.?", text) is not None
            and re.search(r"[A-Z][a-z']*[A-Z]", text) is None)


def pick_dictionary_word(rng, dictionary, tiers):
    if not tiers:  # one draw per word, as before tiers existed, so older corpora reproduce exactly
        return rng.choice(dictionary)
    draw = rng.random()
    for tier_words, share in tiers:
        if draw < share:
            return rng.choice(tier_words)
        draw -= share
    return rng.choice(dictionary)


TEMPLATES = (
    "det adj noun verb_past det noun place_prep det noun",
    "name verb_intrans adverb place_prep det adj noun",
    "pronoun verb_past det adj noun time",
    "plural_det adj plural_noun verb_intrans place_prep det noun conj pronoun verb_intrans",
    "name modal verb_base det noun time",
    "pronoun contraction verb_base det noun",
    "det noun verb_past number plural_noun place_prep det adj noun",
    "time name verb_past object_pronoun det adj noun",
    "det adj noun conj det adj noun verb_intrans adverb",
    "name conj name verb_past det noun place_prep det noun time",
    "plural_det plural_noun verb_past det adj noun adverb",
    "pronoun verb_intrans place_prep det noun conj verb_past det noun",
)


def make_sentence(rng, words, dictionary, tiers):
    if rng.random() < DICTIONARY_SHARE:
        picks = [pick_dictionary_word(rng, dictionary, tiers) for _ in range(rng.randint(4, 10))]
        # function words between dictionary words keep espeak's phrasing natural
        out = []
        for word in picks:
            out.append(word + "'s" if rng.random() < 0.08 else word)
            if rng.random() < 0.4:
                out.append(rng.choice(words["det"] + words["place_prep"] + words["conj"]))
        return " ".join(out)
    template = rng.choice(TEMPLATES).split()
    return " ".join(rng.choice(words[slot]) if slot != "time" else pick_time(rng, words) for slot in template)


def pick_time(rng, words):
    # 'time' holds single words and 'on/in/at/after/before/during ...' phrases split on spaces
    phrases, tokens, current = [], words["time"], []
    for token in tokens:
        current.append(token)
        if token not in ("this", "last", "every", "on", "in", "the", "at", "after", "before", "during"):
            phrases.append(" ".join(current))
            current = []
    return rng.choice(phrases)


def derived(seed, utt_id, purpose):
    digest = hashlib.sha256(f"{seed}:{utt_id}:{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "little"))


def synthesise(job):
    utt_id, sentence, reference, seed = job
    rng = derived(seed, utt_id, "voice")
    voice = f"{rng.choice(TRAIN_VOICES)}+{rng.choice(TRAIN_VARIANTS)}"
    rate, pitch = rng.randint(*RATE), rng.randint(*PITCH)
    reverb = None
    effects = ["rate", "-v", "16k", "pad", f"{rng.uniform(0.05, 0.3):.2f}", "0.35"]
    if rng.random() < REVERB_SHARE:
        reverb = (str(rng.randint(10, 60)), str(rng.randint(20, 80)), str(rng.randint(20, 90)))
        effects += ["reverb", *reverb]
    tts = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "--stdout", sentence],
                         check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    raw = subprocess.run(["sox", "-D", "-t", "wav", "-", "-t", "raw", "-e", "floating-point", "-b", "32", "-L",
                          "-c", "1", "-r", str(SAMPLE_RATE), "-", *effects],
                         input=tts, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    signal = np.frombuffer(raw, dtype="<f4").astype(np.float64)
    peak = float(np.max(np.abs(signal)))
    gain = rng.uniform(0.3, 0.95) / peak
    signal *= gain
    pcm = np.clip(np.round(signal * 32767.0), -32768, 32767).astype(np.int16)
    return {"id": utt_id, "reference": reference, "audio": pcm, "voice": voice, "rate": rate, "pitch": pitch,
            "reverb": " ".join(reverb) if reverb else "-",
            "speech_power": samples.active_speech_power(pcm.astype(np.float64) / 32768.0)}


def write_shards(out, results):
    for start in range(0, len(results), SHARD_SIZE):
        shard = results[start:start + SHARD_SIZE]
        lengths = np.array([len(r["audio"]) for r in shard], dtype=np.int64)
        np.savez(out / f"shard-{start // SHARD_SIZE:03d}.npz",
                 audio=np.concatenate([r["audio"] for r in shard]),
                 offsets=np.concatenate([[0], np.cumsum(lengths)]),
                 references=np.array([r["reference"] for r in shard]),
                 speech_power=np.array([r["speech_power"] for r in shard]))


def write_manifest(out, results):
    lines = ["id\tseconds\tvoice\trate\tpitch\treverb\treference\n"]
    for r in results:
        lines.append(f"{r['id']}\t{len(r['audio']) / SAMPLE_RATE:.3f}\t{r['voice']}\t{r['rate']}\t{r['pitch']}\t"
                     f"{r['reverb']}\t{r['reference']}\n")
    (out / "manifest.tsv").write_text("".join(lines), encoding="utf-8")


def write_source(args, results, eval_refs):
    train_words = {w for r in results for w in r["reference"].split()}
    eval_tokens = [w for ref in eval_refs for w in ref.split()]
    covered = sum(w in train_words for w in eval_tokens) / len(eval_tokens)
    token_counts = collections.Counter(w for r in results for w in r["reference"].split())
    covered_often = sum(token_counts[w] >= 10 for w in eval_tokens) / len(eval_tokens)
    text = io.StringIO()
    text.write(f"command: python3 scripts/train/make_training_corpus.py --out {args.out} "
               f"--utterances {args.utterances} --seed {args.seed}"
               f"{'' if args.dictionary == DICTIONARY else f' --dictionary {args.dictionary}'}"
               f"{'' if args.common_words else ' --no-common-words'}"
               f"{'' if args.scowl == SCOWL else f' --scowl {args.scowl}'}"
               f"{f' --natural-share {args.natural_share}' if args.natural_share else ''}"
               f"{'' if args.wordnet == WORDNET else f' --wordnet {args.wordnet}'}\n")
    for version in samples.tool_versions():
        text.write(f"tool: {version}\n")
    text.write(f"utterances: {len(results)}\n")
    text.write(f"audio hours: {sum(len(r['audio']) for r in results) / SAMPLE_RATE / 3600:.3f}\n")
    text.write(f"training vocabulary: {len(train_words)} words\n")
    text.write(f"evaluation word tokens whose word occurs in training text: {covered:.1%}\n")
    text.write(f"evaluation word tokens whose word occurs at least 10 times in training text: {covered_often:.1%}\n")
    text.write("evaluation sentences in training text: 0 (filtered)\n")
    (args.out / "SOURCE.txt").write_text(text.getvalue(), encoding="utf-8")
    print(text.getvalue(), end="")


if __name__ == "__main__":
    sys.exit(main())
