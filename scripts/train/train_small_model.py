#!/usr/bin/env python3
"""Train the bundled small wav2vec2 CTC model from scratch on the synthetic training corpus.

Input: one or more folders written by make_training_corpus.py (--corpus A B ...: their utterances
in that order, each folder's shards in name order). Output (under --out): weights.npz (the
state_dict in transformers' key names, float32), config.json (a transformers Wav2Vec2Config),
train_log.tsv (loss, learning rate and held-out CER/WER per epoch) and TRAINING.txt (command,
machine, torch version, wall time). scripts/train/export_trained_model.py turns weights.npz into
the project's model directory.

What the training does, and why:
* every utterance is normalised to zero mean and unit variance after augmentation, exactly as the
  Java job's feature stage does at inference;
* noise: with probability --noise-share, white or pink Gaussian noise at an SNR drawn uniformly
  from --snr-range against the utterance's active-speech power (the evaluation "-other" split
  uses 10 dB);
* speed perturbation (Ko et al., 2015), off by default: with --speed-range LOW HIGH each utterance
  is played at a factor drawn uniformly from that range (linear interpolation, no anti-alias
  filter), which shifts pitch and formants together, as another speaker's voice would;
* SpecAugment-style time masks with the model's masked_spec_embed (no dropout by default: the
  corpus is large for a 1M-parameter model);
* the feature encoder's gradient scaled by 0.1 as fairseq trains wav2vec2 (feature_grad_mult);
* length-sorted batches under a padded-samples budget, computed as if each utterance ran alone
  (see wav2vec2_torch.py), so training matches batch-size-1 inference;
* AdamW, linear warm-up then cosine decay, gradient clipping at 1.0; CTC with <pad> as blank.
Seeded (torch, numpy, batch order; each batch's noise comes from its own seed, so the number of
--loader-workers does not change it); on a given CPU and torch build the run is repeatable. On
CUDA (--device auto picks it when present) CTC's backward is not deterministic, and --minutes makes
the schedule follow the clock: both trade repeatability for speed, and TRAINING.txt says so.

Usage:
    python3 scripts/train/train_small_model.py --corpus /tmp/w2v-train --out /tmp/w2v-model
    # on several corpora made with different seeds, continuing an earlier run:
    python3 scripts/train/train_small_model.py --corpus /tmp/w2v-train /tmp/w2v-train2 \
        --out /tmp/w2v-model2 --init-from /tmp/w2v-model --lr 2e-4 --warmup 100 --minutes 90
    # on a GPU, for a fixed slot of time, continuing from the bundled model:
    python3 scripts/train/train_small_model.py --corpus /tmp/w2v-train --out /tmp/w2v-model \
        --init-from data-samples/model --device cuda --minutes 6 --batch-seconds 128 --loader-workers 12
"""

import argparse
import json
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import make_librispeech_samples as samples  # noqa: E402
import torch_zip  # noqa: E402
import wav2vec2_torch as w2v  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
VOCAB = json.loads((REPO_ROOT / "data-samples" / "model" / "vocab.json").read_text(encoding="utf-8"))
SAMPLE_RATE = 16000


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    if args.init_from:
        config, state = load_run(args.init_from)
        model = w2v.Wav2Vec2ForCTC(config)
        model.load_state_dict(state)
        print(f"continuing from {args.init_from} (architecture from its config.json)", flush=True)
    else:
        config = w2v.Config(hidden_size=args.hidden, num_hidden_layers=args.layers,
                            intermediate_size=4 * args.hidden, num_attention_heads=args.heads,
                            conv_dim=args.conv_dim, hidden_dropout=args.dropout, attention_dropout=args.dropout)
        model = w2v.Wav2Vec2ForCTC(config)
    model.to(device)
    audio, references, powers = load_corpus(args.corpus)
    ids = [f"train-{i:06d}" for i in range(len(audio))]
    order = list(range(len(audio)))
    random.Random(args.seed).shuffle(order)
    dev, train = order[:args.dev], order[args.dev:]
    if not train:
        folders = " ".join(map(str, args.corpus))
        sys.exit(f"error: --corpus {folders}: {len(audio)} utterances, and --dev {args.dev} holds them all out; "
                 f"make a larger corpus or lower --dev")
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters; "
          f"{len(train)} training and {len(dev)} held-out utterances; device {device}", flush=True)
    batches_per_epoch = len(make_batches(train, audio, args.batch_seconds, random.Random(0)))
    total_steps = batches_per_epoch * args.epochs
    budget = args.minutes * 60 if args.minutes else None
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.01)
    args.out.mkdir(parents=True, exist_ok=True)
    log = (args.out / "train_log.tsv").open("w", encoding="utf-8")
    log.write("epoch\tstep\tseconds\ttrain_loss\tlr\tdev_cer\tdev_wer\n")
    started, step, skipped, epochs_run, out_of_time = time.time(), 0, 0, 0, False
    for epoch in range(1, args.epochs + 1):
        model.train()
        losses = []
        # SortaGrad (Deep Speech 2): the first epoch goes from short to long utterances, which gets
        # CTC off its all-blank plateau sooner; later epochs take the batches in random order.
        batches = make_batches(train, audio, args.batch_seconds, random.Random(args.seed + epoch), shuffle=epoch > 1)
        for inputs, lengths, targets, target_lengths, batch in load_batches(batches, audio, references, powers,
                                                                             epoch, args, device):
            progress = run_progress(step, total_steps, args.warmup, time.time() - started, budget)
            if progress >= 1.0:
                out_of_time = True
                break
            lr = args.lr * lr_factor(step, args.warmup, progress)
            for group in optimizer.param_groups:
                group["lr"] = lr
            logits, frames = model(inputs, lengths)
            loss = F.ctc_loss(F.log_softmax(logits, -1).transpose(0, 1), targets, frames, target_lengths,
                              blank=VOCAB["<pad>"], reduction="mean", zero_infinity=True)
            optimizer.zero_grad()
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            step += 1
            if not (torch.isfinite(loss) and torch.isfinite(norm)):
                # one bad step would make every weight NaN; skip it and say so
                skipped += 1
                print(f"step {step}: loss {loss.item()}, gradient norm {norm.item()}: step skipped "
                      f"({skipped} so far); utterances {[ids[i] for i in batch]}", flush=True)
                continue
            optimizer.step()
            losses.append(loss.item())
            if step % 50 == 0:
                print(f"epoch {epoch} step {step}/{total_steps} loss {np.mean(losses[-50:]):.3f} "
                      f"lr {lr:.2e} {time.time() - started:.0f} s", flush=True)
        if out_of_time and not losses and epochs_run:
            break  # the clock ran out as this epoch began: the last epoch's row and weights stand
        epochs_run = epoch
        out_of_time = out_of_time or bool(budget and time.time() - started >= budget)
        cer, wer = evaluate(model, dev, audio, references, device)
        train_loss = np.mean(losses) if losses else float("nan")
        print(f"epoch {epoch}{' (cut short by --minutes)' if out_of_time else ''}: train loss {train_loss:.3f}, "
              f"held-out CER {cer:.2%} WER {wer:.2%}", flush=True)
        log.write(f"{epoch}\t{step}\t{time.time() - started:.0f}\t{train_loss:.4f}\t"
                  f"{optimizer.param_groups[0]['lr']:.3e}\t{cer:.4f}\t{wer:.4f}\n")
        log.flush()
        save(model, config, args.out)
        # written with every epoch's weights, so that a run stopped from outside still says what
        # its saved weights are
        write_record(args, argv, device, time.time() - started, epochs_run, step, skipped, budget, out_of_time)
        if out_of_time:
            break
    elapsed = time.time() - started
    print(f"done in {elapsed / 60:.1f} min; wrote {args.out}")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, nargs="+", required=True,
                   help="folders of make_training_corpus.py, read in the order given")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=400)
    p.add_argument("--batch-seconds", type=float, default=32.0, help="padded audio seconds per batch")
    p.add_argument("--init-from", type=Path,
                   help="continue from an earlier --out folder or a model directory such as data-samples/model "
                        "(its architecture replaces --hidden/--layers/--heads/--conv-dim/--dropout)")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--conv-dim", type=lambda v: [int(x) for x in v.split(",")], default=[32, 64, 64, 128, 128, 128, 128],
                   help="channels of the 7 feature-encoder convolutions, comma-separated")
    p.add_argument("--dropout", type=float, default=0.0, help="hidden and attention dropout")
    p.add_argument("--noise-share", type=float, default=0.6)
    p.add_argument("--snr-range", type=float, nargs=2, default=(3.0, 30.0))
    p.add_argument("--speed-range", type=float, nargs=2, default=(1.0, 1.0), metavar=("LOW", "HIGH"),
                   help="play each utterance at a speed factor drawn from this range (default 1 1: off)")
    p.add_argument("--dev", type=int, default=150, help="held-out utterances (default 150)")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch CPU threads")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                   help="auto: the first CUDA device when torch sees one, else the CPU")
    p.add_argument("--loader-workers", type=int, default=0,
                   help="processes that augment and pad batches ahead of the model (default 0: in the "
                        "training process; on a GPU use several)")
    p.add_argument("--minutes", type=float,
                   help="stop after this many minutes; the cosine schedule then runs on the clock and "
                        "--epochs is an upper bound")
    p.add_argument("--seed", type=int, default=20261129)
    args = p.parse_args(argv)
    if args.minutes is not None and args.minutes <= 0:
        p.error("--minutes must be > 0")
    if args.loader_workers < 0:
        p.error("--loader-workers must be >= 0")
    if min(args.speed_range) <= 0:
        p.error(f"--speed-range must be > 0, got {args.speed_range[0]} {args.speed_range[1]}")
    return args


def pick_device(name):
    if name == "cuda" and not torch.cuda.is_available():
        sys.exit("error: --device cuda, but torch sees no CUDA device (torch.cuda.is_available() is False)")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    return torch.device(name)


def describe_machine(device, threads):
    cpu = f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, {threads} threads"
    return f"{torch.cuda.get_device_name(device)}; {cpu}" if device.type == "cuda" else cpu


def load_run(folder, option="--init-from"):
    """The config and state_dict of an earlier run's --out folder (weights.npz) or of a model
    directory (model.pt, e.g. data-samples/model: its archive keeps every training weight); an error
    names the folder after `option`, the command-line flag that gave it."""
    if not (folder / "config.json").is_file() or not any((folder / n).is_file() for n in ("weights.npz", "model.pt")):
        sys.exit(f"error: {option} {folder}: expected config.json with weights.npz (the --out folder of an "
                 f"earlier run) or model.pt (a model directory)")
    saved = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    keys = vars(w2v.Config())
    config = w2v.Config(**{k: v for k, v in saved.items() if k in keys and k != "feature_grad_mult"})
    if (folder / "weights.npz").is_file():
        with np.load(folder / "weights.npz") as data:
            arrays = {k: data[k] for k in data.files}
    else:
        arrays = torch_zip.module_weights(folder / "model.pt")
    return config, {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in arrays.items()}


def load_corpus(folders):
    """Every utterance of the folders, in the order given and each folder's shards in name order."""
    audio, references, powers, shards = [], [], [], []
    for folder in folders:
        found = sorted(folder.glob("shard-*.npz"))
        if not found:
            sys.exit(f"error: no shard-*.npz in {folder} (run make_training_corpus.py first)")
        shards += found
    for shard in shards:
        with np.load(shard) as data:
            samples, offsets = data["audio"], data["offsets"]  # each data[key] reads the file again
            audio += [samples[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]
            references += [str(r) for r in data["references"]]
            powers += list(data["speech_power"])
    return audio, references, powers


def make_batches(indices, audio, batch_seconds, rng, shuffle=True):
    """Length-sorted batches whose padded size stays under batch_seconds, shuffled unless told not to."""
    ordered = sorted(indices, key=lambda i: len(audio[i]))
    budget, batches, current = batch_seconds * SAMPLE_RATE, [], []
    for i in ordered:
        if current and len(audio[i]) * (len(current) + 1) > budget:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    if shuffle:
        rng.shuffle(batches)
    return batches


class AugmentedBatches(torch.utils.data.Dataset):
    """Batch k of an epoch, augmented with noise drawn from its own seed (seed, epoch, k) and padded."""

    def __init__(self, batches, audio, references, powers, epoch, args):
        self.batches, self.audio, self.references, self.powers = batches, audio, references, powers
        self.epoch, self.args = epoch, args

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, k):
        batch = self.batches[k]
        rng = np.random.default_rng([self.args.seed, self.epoch, k])
        inputs, lengths = pad([augment(self.audio[i], self.powers[i], rng, self.args) for i in batch])
        targets = [torch.tensor(encode(self.references[i])) for i in batch]
        return inputs, lengths, torch.cat(targets), torch.tensor([len(t) for t in targets]), batch


def load_batches(batches, audio, references, powers, epoch, args, device):
    """The epoch's batches on the device, prepared by --loader-workers processes ahead of the model."""
    loader = torch.utils.data.DataLoader(AugmentedBatches(batches, audio, references, powers, epoch, args),
                                         batch_size=None, shuffle=False, num_workers=args.loader_workers,
                                         pin_memory=device.type == "cuda")
    for inputs, lengths, targets, target_lengths, batch in loader:
        yield (inputs.to(device, non_blocking=True), lengths.to(device), targets.to(device),
               target_lengths.to(device), batch)


def augment(pcm, speech_power, rng, args):
    signal = pcm.astype(np.float64) / 32768.0
    if tuple(args.speed_range) != (1.0, 1.0):  # off draws nothing, so earlier runs stay repeatable
        signal = change_speed(signal, rng.uniform(*args.speed_range))
    if rng.random() < args.noise_share:
        noise = rng.standard_normal(len(signal))
        if rng.random() < 0.5:
            noise = samples.pink(noise)
        snr_db = rng.uniform(*args.snr_range)
        signal = signal + noise * np.sqrt(speech_power / 10.0 ** (snr_db / 10.0) / np.mean(noise ** 2))
    return normalise(signal.astype(np.float32))


def change_speed(signal, factor):
    """The signal played factor times faster (shorter for factor > 1), by linear interpolation."""
    positions = np.arange(int(len(signal) / factor)) * factor
    return np.interp(positions, np.arange(len(signal)), signal)


def normalise(signal):
    """Wav2Vec2FeatureExtractor's zero_mean_unit_var_norm (as the Java features stage)."""
    return (signal - signal.mean()) / np.sqrt(signal.var() + 1e-7)


def pad(signals):
    lengths = torch.tensor([len(s) for s in signals])
    batch = torch.zeros(len(signals), int(lengths.max()))
    for i, s in enumerate(signals):
        batch[i, :len(s)] = torch.from_numpy(s)
    return batch, lengths


def encode(reference):
    return [VOCAB["|"] if ch == " " else VOCAB[ch] for ch in reference]


def decode(ids):
    """Greedy CTC as Wav2Vec2CTCTokenizer: collapse repeats, drop <pad>, '|' to space."""
    tokens = {v: k for k, v in VOCAB.items()}
    out, previous = [], None
    for i in ids:
        if i != previous and i != VOCAB["<pad>"]:
            out.append(tokens[i])
        previous = i
    return "".join(" " if t == "|" else t for t in out if t not in ("<s>", "</s>", "<unk>")).strip()


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        previous, row[0] = row[0], i
        for j in range(1, len(b) + 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] != b[j - 1]))
    return row[-1]


def evaluate(model, indices, audio, references, device):
    model.eval()
    char_errors = chars = word_errors = words = 0
    with torch.no_grad():
        for start in range(0, len(indices), 16):
            batch = indices[start:start + 16]
            inputs, lengths = pad([normalise(audio[i].astype(np.float32) / 32768.0) for i in batch])
            logits, frames = model(inputs.to(device), lengths.to(device))
            for row, n, i in zip(logits.argmax(-1).cpu(), frames.cpu(), batch):
                hypothesis, reference = decode(row[:n].tolist()), references[i]
                char_errors += edit_distance(reference, hypothesis)
                chars += len(reference)
                word_errors += edit_distance(reference.split(), hypothesis.split())
                words += len(reference.split())
    return char_errors / chars, word_errors / words


def run_progress(step, total_steps, warmup, elapsed, budget):
    """How much of the run is done after warm-up, 0 to 1: by steps, or by the clock under --minutes."""
    by_steps = max(0.0, (step - warmup) / max(1, total_steps - warmup))
    return max(by_steps, elapsed / budget) if budget else by_steps


def lr_factor(step, warmup, progress):
    """Linear warm-up over `warmup` steps, then cosine from 1 down to 0.05 as progress goes 0 to 1."""
    if step < warmup:
        return (step + 1) / warmup
    return 0.05 + 0.95 * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def write_record(args, argv, device, elapsed, epochs_run, step, skipped, budget, out_of_time):
    """TRAINING.txt: the record of the runs this one continues, oldest first, then this one's."""
    earlier = earlier_record(args.init_from) + "then\n" if args.init_from else ""
    (args.out / "TRAINING.txt").write_text(
        earlier + f"command: python3 scripts/train/train_small_model.py {' '.join(argv or sys.argv[1:])}\n"
        f"machine: {describe_machine(device, args.threads)}\n"
        f"torch: {torch.__version__}\nwall time: {elapsed / 60:.1f} min for {epochs_run} epochs, {step} steps "
        f"({skipped} skipped as not finite)"
        f"{'; the schedule followed the --minutes clock' if budget else ''}"
        f"{', which stopped the run' if out_of_time else ''}\n",
        encoding="utf-8")


def earlier_record(folder):
    """The TRAINING.txt of the run or model folder a new one starts from, or a line naming it."""
    record = folder / "TRAINING.txt"
    return record.read_text(encoding="utf-8") if record.is_file() else f"from {folder}\n"


def save(model, config, out):
    """Writes through temporary files and renames: a run stopped by its time limit mid-save keeps
    the previous epoch's files whole rather than a truncated weights.npz."""
    state = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    with open(out / "weights.npz.tmp", "wb") as f:
        np.savez(f, **state)
    (out / "config.json.tmp").write_text(json.dumps(config.transformers_dict(), indent=2) + "\n", encoding="utf-8")
    os.replace(out / "weights.npz.tmp", out / "weights.npz")
    os.replace(out / "config.json.tmp", out / "config.json")


if __name__ == "__main__":
    main()
