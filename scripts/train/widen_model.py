#!/usr/bin/env python3
"""Widen a trained small wav2vec2 CTC model by an integer factor without changing what it computes.

A larger model trained from scratch has to relearn everything the bundled one already knows; this
script gives it a head start instead (Net2WiderNet, Chen et al., 2016). The transformer's hidden
size, attention heads, feed-forward size and positional-convolution groups are all multiplied by
--factor; the feature encoder's convolutions are kept. Every hidden vector of the widened model is
the original one repeated --factor times ([h, h] for a factor of 2), which post-LN's layer norms
leave unchanged (repeating every unit the same number of times keeps each vector's mean and
variance). A layer that produces hidden units repeats its rows; a layer that reads them splits
each weight between the copies with random shares that sum to one, so the function is the same
while the copies get different gradients and grow apart in training. Attention heads keep their
size, so the new heads are copies of the old ones with the same scaling.

The widened model is checked before it is written: it must give the original's logits (to float
rounding) on a padded batch of random audio, or the script stops.

Output: a run folder (weights.npz, config.json, TRAINING.txt) that train_small_model.py continues
with --init-from.

Usage:
    python3 scripts/train/widen_model.py --from data-samples/model --out /tmp/w2v-wide --factor 2
    python3 scripts/train/train_small_model.py --corpus /tmp/w2v-train --out /tmp/w2v-wide-trained \
        --init-from /tmp/w2v-wide --lr 3e-4 --warmup 100 --minutes 60 --epochs 1000
"""

import argparse
import sys
from pathlib import Path

import torch

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import train_small_model as trainer  # noqa: E402
import wav2vec2_torch as w2v  # noqa: E402


def main(argv=None):
    args = parse_args(argv)
    config, state = trainer.load_run(args.source, option="--from")
    wide_config = widened_config(config, args.factor)
    generator = torch.Generator().manual_seed(args.seed)
    wide_state = Widener(args.factor, args.split_noise, generator).widen(state)
    original, wide = build(config, state), build(wide_config, wide_state)
    difference, scale = compare(original, wide, generator)
    print(f"{count(original) / 1e6:.2f} M -> {count(wide) / 1e6:.2f} M parameters "
          f"({count(wide) * 4 / 1e6:.1f} MB as float32; a bundled model stays under 20 MB); hidden size "
          f"{config.hidden_size} -> {wide_config.hidden_size}, heads {config.num_attention_heads} -> "
          f"{wide_config.num_attention_heads}; largest logit difference {difference:.2e} (logits up to {scale:.1f})")
    if not difference <= 1e-4 * max(1.0, scale):
        sys.exit(f"error: the widened model's logits differ from {args.source}'s by {difference:.3g}; not written")
    args.out.mkdir(parents=True, exist_ok=True)
    trainer.save(wide, wide_config, args.out)
    (args.out / "TRAINING.txt").write_text(
        trainer.earlier_record(args.source) + f"then\nwidened: python3 scripts/train/widen_model.py {' '.join(argv or sys.argv[1:])} "
        f"(same logits, largest difference {difference:.2e})\n", encoding="utf-8")
    print(f"wrote {args.out}")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--from", dest="source", type=Path, required=True,
                   help="a train_small_model.py --out folder or a model directory such as data-samples/model")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--factor", type=int, default=2, help="width multiplier, an integer >= 2 (default 2)")
    p.add_argument("--split-noise", type=float, default=0.1,
                   help="spread of the random shares a weight is split into, relative to an even split (default 0.1)")
    p.add_argument("--seed", type=int, default=20261201)
    args = p.parse_args(argv)
    if args.factor < 2:
        p.error(f"--factor must be an integer >= 2, got {args.factor}")
    if not 0 <= args.split_noise < 1:
        p.error(f"--split-noise must be in [0, 1), got {args.split_noise}")
    return args


def widened_config(config, factor):
    values = dict(vars(config))
    for key in ("hidden_size", "num_attention_heads", "intermediate_size", "num_conv_pos_embedding_groups"):
        values[key] = values[key] * factor
    return w2v.Config(**values)


class Widener:
    """Maps each tensor of the original state_dict to its widened counterpart."""

    KEPT = ("wav2vec2.feature_extractor.", "wav2vec2.feature_projection.layer_norm.", "lm_head.bias")
    POSITIONAL = "wav2vec2.encoder.pos_conv_embed.conv."

    def __init__(self, factor, split_noise, generator):
        self.factor, self.split_noise, self.generator = factor, split_noise, generator

    def widen(self, state):
        wide = {key: self.tensor(key, value) for key, value in state.items() if not key.startswith(self.POSITIONAL)}
        wide.update(self.positional_conv(state))
        return wide

    def tensor(self, key, value):
        if key.startswith(self.KEPT):
            return value  # the convolutions, their output norm and the vocabulary keep their size
        if key == "wav2vec2.feature_projection.projection.weight":
            return self.repeat_rows(value)  # reads the convolutions' channels, writes hidden units
        if key == "lm_head.weight":
            return self.split_columns(value)  # reads hidden units, writes the vocabulary
        if value.dim() == 1:  # biases, layer norms and masked_spec_embed, all of a widened size
            return self.repeat_rows(value)
        return self.repeat_rows(self.split_columns(value))  # the attention and feed-forward matrices

    def positional_conv(self, state):
        """Group g + k*G of the widened grouped convolution is group g reading copy k: its weights repeat
        unsplit. The weight-norm pair is recomputed from the repeated weight."""
        g, v = state[self.POSITIONAL + "weight_g"], state[self.POSITIONAL + "weight_v"]
        weight = (g * v / torch.norm_except_dim(v, 2, dim=2)).repeat(self.factor, 1, 1)
        return {self.POSITIONAL + "weight_v": weight,
                self.POSITIONAL + "weight_g": torch.norm_except_dim(weight, 2, dim=2),
                self.POSITIONAL + "bias": self.repeat_rows(state[self.POSITIONAL + "bias"])}

    def repeat_rows(self, value):
        return value.repeat(self.factor, *([1] * (value.dim() - 1)))

    def split_columns(self, value):
        """Columns for each copy of the input, with shares drawn per weight that sum to one."""
        noise = torch.randn(self.factor, *value.shape, generator=self.generator) * self.split_noise
        shares = (1.0 + noise - noise.mean(0, keepdim=True)) / self.factor
        return torch.cat(list(value * shares), dim=1)


def build(config, state):
    model = w2v.Wav2Vec2ForCTC(config)
    model.load_state_dict(state)
    return model.eval()


def compare(original, wide, generator):
    """Largest absolute logit difference on a padded batch of two random utterances, and the logits' scale."""
    lengths = torch.tensor([16000 * 3, 16000 * 2 + 777])
    inputs = torch.randn(2, int(lengths.max()), generator=generator)
    inputs[1, int(lengths[1]):] = 0.0
    with torch.no_grad():
        expected, frames = original(inputs, lengths)
        actual, _ = wide(inputs, lengths)
    valid = torch.arange(expected.shape[1])[None, :] < frames[:, None]
    return (expected - actual).abs()[valid].max().item(), expected.abs()[valid].max().item()


def count(model):
    return sum(p.numel() for p in model.parameters())


if __name__ == "__main__":
    main()
