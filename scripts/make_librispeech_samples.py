#!/usr/bin/env python3
"""Synthesise a small corpus in the exact LibriSpeech layout, for tests and demos.

Layout written under --out (default data-samples/LibriSpeech, relative to the
repository root):

    <out>/<split>/<speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac
    <out>/<split>/<speaker>/<chapter>/<speaker>-<chapter>.trans.txt
    <out>/SPEAKERS.TXT, <out>/CHAPTERS.TXT   (LibriSpeech's own table formats)
    <out>/SOURCE.txt                         (command, seed, tool versions, per-utterance log)

Audio is 16 kHz mono 16-bit FLAC written by the reference `flac` encoder at its
default compression level, like LibriSpeech. Each utterance is spoken by
espeak-ng (22050 Hz WAV), resampled by sox with `rate -v 16k` (dither off: `sox
-D`, float output), degraded in numpy where the split asks for it, rounded to
16-bit without dither, then encoded with `flac` and checked with `flac -t`.
A speaker is one espeak-ng voice+variant with its own rate and pitch.

Splits are named like LibriSpeech's. A split whose name ends in "-clean" is left
clean; one ending in "-other" is harder:
  * voices (accent and variant) held out from the clean pool,
  * faster speech (espeak-ng rate 195-230 words/min against 150-180),
  * light reverberation (sox `reverb 25 50 50`: reverberance 25 %,
    HF damping 50 %, room scale 50 %),
  * white or pink Gaussian noise at --snr-db (default 10 dB). The SNR is the
    ratio of the active-speech power of the reverberant signal to the noise
    power, where active speech is every 20 ms frame whose energy is within
    40 dB of the loudest frame (so pauses do not dilute the speech power).

Text: scripts/text/eval_sentences.txt, written for this project by its authors
and licensed with the project. References are upper-cased, apostrophes kept,
hyphens turned into spaces and every other punctuation mark dropped.

Determinism: --seed drives every random choice (speaker ids and voices,
sentence assignment, noise colour and samples). Re-running with the same
arguments reproduces the transcripts byte for byte and, given the same
espeak-ng, sox, flac and numpy versions (recorded in SOURCE.txt), the audio.
The script owns --out: it refuses to write into a non-empty directory that it
did not make, and otherwise replaces that directory wholesale.

Usage:
    python3 scripts/make_librispeech_samples.py            # the committed data-samples/
    python3 scripts/make_librispeech_samples.py --out /tmp/LS --speakers 10 \
        --chapters 3 --utterances-per-chapter 8 --splits dev-clean,dev-other
"""

import argparse
import hashlib
import io
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "data-samples" / "LibriSpeech"
DEFAULT_TEXT = REPO_ROOT / "scripts" / "text" / "eval_sentences.txt"
DEFAULT_SEED = 20240611
SAMPLE_RATE = 16000
MARKER = "# Synthetic LibriSpeech-layout corpus made by scripts/make_librispeech_samples.py"
REQUIRED_TOOLS = ("espeak-ng", "sox", "flac")

MIN_WORDS, MAX_WORDS = 5, 20
# Utterances outside this range are reported in the summary (not rejected).
MIN_SECONDS, MAX_SECONDS = 2.0, 8.0

# Voices (accents) and variants are disjoint between the two conditions so that
# "-other" speakers are never heard in "-clean".
CLEAN_VOICES = ("en-us", "en-gb", "en-gb-x-rp")
CLEAN_VARIANTS = ("m1", "m2", "m3", "f1", "f2", "f4")  # first letter is the sex
OTHER_VOICES = ("en-gb-scotland", "en-029", "en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd")
OTHER_VARIANTS = ("m4", "m5", "m6", "m7", "f3", "f5")
CLEAN_RATE = (150, 180)
OTHER_RATE = (195, 230)
PITCH = (30, 70)
REVERB = ("reverb", "25", "50", "50")
# Leading/trailing silence (seconds); "-other" gets a longer tail for the reverb.
CLEAN_PAD = ("0.15", "0.15")
OTHER_PAD = ("0.15", "0.35")
PEAK_LIMIT = 0.97  # scale down (never up) so that rounding to 16-bit cannot clip


@dataclass(frozen=True)
class Speaker:
    """One synthetic reader: an espeak-ng voice with its own rate and pitch."""

    speaker_id: int
    sex: str
    voice: str
    rate: int
    pitch: int


@dataclass(frozen=True)
class Utterance:
    """One utterance as written: ids, reference text and what was done to it."""

    utt_id: str
    speaker: Speaker
    chapter_id: int
    spoken: str
    reference: str
    seconds: float
    degradation: str


def main(argv=None):
    args = parse_args(argv)
    check_tools()
    sentences = load_sentences(args.text)
    out = args.out.resolve()
    prepare_out_dir(out)
    rng = random.Random(f"{args.seed}:sentences")
    pool = SentencePool(sentences, rng)
    used_speakers, used_chapters = set(), set()
    results = {}
    with tempfile.TemporaryDirectory(prefix="ls-samples-") as tmp:
        for split in args.splits:
            results[split] = make_split(args, split, out, Path(tmp), pool, used_speakers, used_chapters)
    write_speakers(out, results)
    write_chapters(out, results)
    write_source(out, args, results, pool)
    print_summary(out, results)
    return 0


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output root (default {DEFAULT_OUT.relative_to(REPO_ROOT)})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed for every random choice (default {DEFAULT_SEED})")
    p.add_argument("--splits", default="test-clean,test-other",
                   help="comma-separated split names, each ending in -clean or -other (default test-clean,test-other)")
    p.add_argument("--speakers", type=int, default=3, help="speakers per split (default 3)")
    p.add_argument("--chapters", type=int, default=2, help="chapters per speaker (default 2)")
    p.add_argument("--utterances-per-chapter", type=int, default=5, help="utterances per chapter (default 5)")
    p.add_argument("--snr-db", type=float, default=10.0, help="noise SNR for -other splits in dB (default 10)")
    p.add_argument("--text", type=Path, default=DEFAULT_TEXT, help="sentence file (default scripts/text/eval_sentences.txt)")
    args = p.parse_args(argv)
    args.splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    for name in ("speakers", "chapters", "utterances_per_chapter"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1, got {getattr(args, name)}")
    if len(args.splits) != len(set(args.splits)) or not args.splits:
        p.error(f"--splits must name at least one split, each once; got {args.splits}")
    for split in args.splits:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-(clean|other)", split):
            p.error(f"split name must look like test-clean or dev-other (end in -clean or -other); got '{split}'")
    return args


def check_tools():
    missing = [t for t in REQUIRED_TOOLS if shutil.which(t) is None]
    if missing:
        sys.exit(f"error: required tool(s) not found on PATH: {', '.join(missing)} "
                 f"(Debian/Ubuntu: apt-get install {' '.join(missing)})")


def load_sentences(path):
    """Reads the sentence file, failing on the first line that breaks its rules."""
    sentences = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{lineno}"
        if re.search(r"\d", line):
            sys.exit(f"error: {where}: digits are not allowed (write numbers as words): {line!r}")
        # normalise() would turn a letter outside A-Z into a space: "café" would become "CAF".
        stray = re.search(r"[^A-Za-z'\u2018\u2019 ,.;:?!\"()\-]", line)
        if stray:
            sys.exit(f"error: {where}: {stray.group()!r} is not a letter A-Z or punctuation the"
                     f" references drop: {line!r}")
        reference = normalise(line)
        words = len(reference.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            sys.exit(f"error: {where}: expected {MIN_WORDS}-{MAX_WORDS} words, got {words}: {line!r}")
        sentences.append((line, reference))
    if not sentences:
        sys.exit(f"error: {path}: no sentences")
    return sentences


def normalise(text):
    """LibriSpeech reference style: upper case, apostrophes kept, no other punctuation."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("-", " ").upper()
    text = re.sub(r"[^A-Z' ]", " ", text)
    text = re.sub(r"(?<![A-Z])'|'(?![A-Z])", " ", text)  # quote marks, not apostrophes
    return " ".join(text.split())


class SentencePool:
    """Hands out sentences in a seeded order without repeats until the file runs out."""

    def __init__(self, sentences, rng):
        self._sentences = sentences
        self._rng = rng
        self._queue = []
        self.rounds = 0

    def take(self):
        if not self._queue:
            self._queue = list(self._sentences)
            self._rng.shuffle(self._queue)
            self.rounds += 1
            if self.rounds == 2:
                print(f"warning: more utterances than the {len(self._sentences)} sentences; "
                      "sentences now repeat", file=sys.stderr)
        return self._queue.pop()


def prepare_out_dir(out):
    if out.exists() and any(out.iterdir()):
        source = out / "SOURCE.txt"
        if not (source.is_file() and source.read_text(encoding="utf-8").startswith(MARKER)):
            sys.exit(f"error: {out} is not empty and was not made by this script "
                     f"(no {source.name} starting with its marker); choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def make_split(args, split, out, tmp, pool, used_speakers, used_chapters):
    other = split.endswith("-other")
    rng = random.Random(f"{args.seed}:{split}:speakers")
    speakers = pick_speakers(rng, args.speakers, other, used_speakers)
    utterances = []
    for speaker in speakers:
        for _ in range(args.chapters):
            chapter_id = new_id(rng, used_chapters, digits=rng.choice((5, 6)))
            chapter_dir = out / split / str(speaker.speaker_id) / str(chapter_id)
            chapter_dir.mkdir(parents=True)
            lines = []
            for utt in range(args.utterances_per_chapter):
                utt_id = f"{speaker.speaker_id}-{chapter_id}-{utt:04d}"
                spoken, reference = pool.take()
                seconds, degradation = synthesise(
                    spoken, speaker, other, args, chapter_dir / f"{utt_id}.flac", tmp, utt_id)
                utterances.append(Utterance(utt_id, speaker, chapter_id, spoken, reference, seconds, degradation))
                lines.append(f"{utt_id} {reference}\n")
            trans = chapter_dir / f"{speaker.speaker_id}-{chapter_id}.trans.txt"
            trans.write_text("".join(lines), encoding="utf-8")
            print(f"{split}: wrote {len(lines)} utterances to {chapter_dir.relative_to(out)}", flush=True)
    return utterances


def pick_speakers(rng, count, other, used_speakers):
    """Speakers alternate sex (seeded start) and cycle through voices and variants before repeating any."""
    voices = Cycle(rng, OTHER_VOICES if other else CLEAN_VOICES)
    variants = {sex: Cycle(rng, [v for v in (OTHER_VARIANTS if other else CLEAN_VARIANTS) if v[0] == sex.lower()])
                for sex in ("F", "M")}
    rate_range = OTHER_RATE if other else CLEAN_RATE
    first = rng.choice(("F", "M"))
    speakers = []
    for i in range(count):
        sex = first if i % 2 == 0 else ("M" if first == "F" else "F")
        voice = f"{voices.next()}+{variants[sex].next()}"
        speaker_id = new_id(rng, used_speakers, digits=rng.choice((2, 3, 4)))
        speakers.append(Speaker(speaker_id, sex, voice, rng.randint(*rate_range), rng.randint(*PITCH)))
    return speakers


class Cycle:
    """Seeded shuffled cycle: every item once, in a fresh order each round."""

    def __init__(self, rng, items):
        self._rng = rng
        self._items = list(items)
        self._queue = []

    def next(self):
        if not self._queue:
            self._queue = list(self._items)
            self._rng.shuffle(self._queue)
        return self._queue.pop()


def new_id(rng, used, digits):
    """A LibriSpeech-like numeric id (no leading zero), unique within this run."""
    while True:
        value = rng.randint(10 ** (digits - 1), 10 ** digits - 1)
        if value not in used:
            used.add(value)
            return value


def synthesise(text, speaker, other, args, flac_path, tmp, utt_id):
    """espeak-ng -> sox (16 kHz float) -> numpy (degrade, round) -> WAV -> flac; returns (seconds, note)."""
    tts_wav = tmp / "tts.wav"
    run(["espeak-ng", "-v", speaker.voice, "-s", str(speaker.rate), "-p", str(speaker.pitch),
         "-w", str(tts_wav), text])
    effects = ["rate", "-v", "16k", "pad", *(OTHER_PAD if other else CLEAN_PAD)]
    if other:
        effects += REVERB
    raw = run(["sox", "-D", str(tts_wav), "-t", "raw", "-e", "floating-point", "-b", "32", "-L",
               "-c", "1", "-r", str(SAMPLE_RATE), "-", *effects], capture=True)
    signal = np.frombuffer(raw, dtype="<f4").astype(np.float64)
    degradation = "clean"
    if other:
        noise_rng = np.random.default_rng(derived_seed(args.seed, utt_id, "noise"))
        colour = "pink" if noise_rng.random() < 0.5 else "white"
        signal, snr = add_noise(signal, noise_rng, colour, args.snr_db)
        degradation = f"{' '.join(REVERB)}; {colour} noise at {snr:.2f} dB SNR (active speech)"
    peak = float(np.max(np.abs(signal)))
    if peak > PEAK_LIMIT:
        signal = signal * (PEAK_LIMIT / peak)
    pcm = np.clip(np.round(signal * 32767.0), -32768, 32767).astype("<i2")
    pcm_wav = tmp / "pcm.wav"
    with wave.open(str(pcm_wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())
    run(["flac", "--silent", "--force", "-o", str(flac_path), str(pcm_wav)])
    run(["flac", "--silent", "-t", str(flac_path)])
    return len(pcm) / SAMPLE_RATE, degradation


def derived_seed(seed, *parts):
    digest = hashlib.sha256(":".join([str(seed), *parts]).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "little")


def add_noise(signal, rng, colour, snr_db):
    """Adds Gaussian noise scaled to snr_db against the active-speech power; returns (mix, measured SNR)."""
    noise = rng.standard_normal(len(signal))
    if colour == "pink":
        noise = pink(noise)
    speech_power = active_speech_power(signal)
    noise *= np.sqrt(speech_power / (10.0 ** (snr_db / 10.0)) / np.mean(noise ** 2))
    measured = 10.0 * np.log10(speech_power / np.mean(noise ** 2))
    return signal + noise, measured


def pink(white):
    """White noise shaped to 1/f power in the frequency domain (no DC)."""
    spectrum = np.fft.rfft(white)
    freqs = np.arange(len(spectrum), dtype=np.float64)
    freqs[0] = 1.0
    spectrum /= np.sqrt(freqs)
    spectrum[0] = 0.0
    return np.fft.irfft(spectrum, n=len(white))


def active_speech_power(signal, frame=SAMPLE_RATE // 50, floor_db=40.0):
    """Mean power over 20 ms frames within floor_db of the loudest frame."""
    frames = len(signal) // frame
    energies = np.mean(signal[: frames * frame].reshape(frames, frame) ** 2, axis=1)
    active = energies[energies >= energies.max() * 10.0 ** (-floor_db / 10.0)]
    return float(np.mean(active))


def run(cmd, capture=False):
    try:
        done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    except subprocess.CalledProcessError as e:
        sys.exit(f"error: command failed with exit status {e.returncode}: {shlex.join(cmd)}\n"
                 f"{e.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def write_speakers(out, results):
    lines = [
        "; Synthetic speakers: each is one espeak-ng voice+variant with its own rate (words/min) and pitch.",
        "; Format follows LibriSpeech's SPEAKERS.TXT; NAME describes the voice.",
        ";ID  |SEX| SUBSET           |MINUTES| NAME",
    ]
    for split, utts in results.items():
        for speaker in unique(u.speaker for u in utts):
            minutes = sum(u.seconds for u in utts if u.speaker == speaker) / 60.0
            name = f"espeak-ng {speaker.voice} rate {speaker.rate} pitch {speaker.pitch}"
            lines.append(f"{speaker.speaker_id:<5}| {speaker.sex} | {split:<17}| {minutes:5.2f} | {name}")
    (out / "SPEAKERS.TXT").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_chapters(out, results):
    lines = [
        "; Synthetic chapters; book and project fields are not applicable.",
        "; Format follows LibriSpeech's CHAPTERS.TXT.",
        ";ID      |READER|MINUTES| SUBSET           | PROJ.|BOOK ID| CH. TITLE            | PROJECT TITLE",
    ]
    for split, utts in results.items():
        for chapter_id in unique(u.chapter_id for u in utts):
            mine = [u for u in utts if u.chapter_id == chapter_id]
            minutes = sum(u.seconds for u in mine) / 60.0
            lines.append(f"{chapter_id:<8}| {mine[0].speaker.speaker_id:<5}| {minutes:5.2f} | {split:<17}| -    "
                         f"| -     | synthetic chapter    | eval_sentences.txt")
    (out / "CHAPTERS.TXT").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_source(out, args, results, pool):
    command = ["python3", "scripts/make_librispeech_samples.py"]
    if args.out.resolve() != DEFAULT_OUT:
        command += ["--out", str(args.out)]
    command += ["--seed", str(args.seed), "--splits", ",".join(args.splits), "--speakers", str(args.speakers),
                "--chapters", str(args.chapters), "--utterances-per-chapter", str(args.utterances_per_chapter),
                "--snr-db", f"{args.snr_db:g}"]
    if args.text.resolve() != DEFAULT_TEXT:
        command += ["--text", str(args.text)]
    text = io.StringIO()
    text.write(f"{MARKER}\n")
    text.write("# Do not edit; re-run the command below to regenerate this directory.\n\n")
    text.write(f"command: {shlex.join(command)}\n")
    text.write(f"text: {display_path(args.text)} (project-authored, licensed with the project)\n")
    text.write(f"sentence rounds used: {pool.rounds} (more than 1 means sentences repeat)\n")
    text.write("tools:\n")
    for version in tool_versions():
        text.write(f"  {version}\n")
    text.write("pipeline: espeak-ng -v VOICE -s RATE -p PITCH -w (22050 Hz) | "
               "sox -D ... rate -v 16k pad ... [reverb 25 50 50] (float, no dither) | "
               "numpy [noise] + round to 16-bit | flac (default level 5) | flac -t\n\n")
    text.write("utterances (id, seconds, voice, rate, pitch, degradation):\n")
    for utts in results.values():
        for u in utts:
            s = u.speaker
            text.write(f"{u.utt_id}\t{u.seconds:.3f}\t{s.voice}\t{s.rate}\t{s.pitch}\t{u.degradation}\n")
    (out / "SOURCE.txt").write_text(text.getvalue(), encoding="utf-8")


def display_path(path):
    path = path.resolve()
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)


def tool_versions():
    def first_line(cmd):
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        return done.stdout.decode("utf-8", "replace").strip().splitlines()[0]

    return [
        first_line(["espeak-ng", "--version"]),
        first_line(["sox", "--version"]).strip(),
        first_line(["flac", "--version"]),
        f"python {sys.version.split()[0]}",
        f"numpy {np.__version__}",
    ]


def unique(items):
    return list(dict.fromkeys(items))


def print_summary(out, results):
    print(f"\nwrote {out}")
    print(f"{'split':<12} {'speakers':>8} {'chapters':>8} {'utts':>5} {'seconds':>8} {'min s':>6} {'max s':>6} {'KiB':>6}")
    for split, utts in results.items():
        seconds = [u.seconds for u in utts]
        size = sum(f.stat().st_size for f in (out / split).rglob("*") if f.is_file()) // 1024
        print(f"{split:<12} {len(unique(u.speaker for u in utts)):>8} {len(unique(u.chapter_id for u in utts)):>8} "
              f"{len(utts):>5} {sum(seconds):>8.1f} {min(seconds):>6.2f} {max(seconds):>6.2f} {size:>6}")
        outside = [u.utt_id for u in utts if not MIN_SECONDS <= u.seconds <= MAX_SECONDS]
        if outside:
            print(f"  note: {len(outside)} utterance(s) outside {MIN_SECONDS}-{MAX_SECONDS} s: {', '.join(outside)}")


if __name__ == "__main__":
    sys.exit(main())
