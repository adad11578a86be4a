#!/usr/bin/env python3
"""Compute the bundled random model's logits with numpy, independently of TorchScript and libtorch.

make_random_model.py writes the forward pass as TorchScript source that only libtorch runs. This
script recomputes the same architecture (transformers' Wav2Vec2ForCTC, group-norm encoder,
post-LN transformer) straight from the seeded weights, so a Java test can check that the archive
computes wav2vec2 and not just something of the right shape. Its output is the test fixture
src/test/resources/org/wav2vec2spark/model/reference_logits.json.

Usage: python3 scripts/reference_logits.py [fixture_path]
"""

import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_random_model as m  # noqa: E402

SAMPLES = 2000


def tensor(obj, name):
    value = dict(obj.attributes)[name]
    return np.array(value.values, dtype=np.float64).reshape(value.shape)


def child(obj, name):
    return dict(obj.attributes)[name]


def gelu(x):
    return 0.5 * x * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))


def conv1d(x, weight, stride=1, padding=0, groups=1, bias=None):
    """x [C_in, T], weight [C_out, C_in/groups, K] -> [C_out, T_out]."""
    x = np.pad(x, ((0, 0), (padding, padding)))
    c_out, c_in_group, kernel = weight.shape
    t_out = (x.shape[1] - kernel) // stride + 1
    out = np.zeros((c_out, t_out))
    per_group_out = c_out // groups
    for g in range(groups):
        xs = x[g * c_in_group:(g + 1) * c_in_group]
        windows = np.stack([xs[:, t * stride:t * stride + kernel] for t in range(t_out)])  # T, Cin, K
        w = weight[g * per_group_out:(g + 1) * per_group_out]  # Cout_g, Cin, K
        out[g * per_group_out:(g + 1) * per_group_out] = np.einsum("tck,ock->ot", windows, w)
    if bias is not None:
        out += bias[:, None]
    return out


def layer_norm(x, norm):
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + m.LAYER_NORM_EPS) * tensor(norm, "weight") + tensor(norm, "bias")


def linear(x, layer):
    return x @ tensor(layer, "weight").T + tensor(layer, "bias")


def forward(model, audio):
    w2v = child(model, "wav2vec2")
    hidden = audio[None, :]
    layers = child(child(w2v, "feature_extractor"), "conv_layers")
    for i in range(len(m.CONV_DIM)):
        layer = child(layers, str(i))
        conv = child(layer, "conv")
        hidden = conv1d(hidden, tensor(conv, "weight"), stride=child(conv, "stride"))
        if i == 0:  # GroupNorm(num_groups=C, C): each channel normalised over time
            norm = child(layer, "layer_norm")
            mean = hidden.mean(1, keepdims=True)
            var = hidden.var(1, keepdims=True)
            hidden = (hidden - mean) / np.sqrt(var + m.LAYER_NORM_EPS)
            hidden = hidden * tensor(norm, "weight")[:, None] + tensor(norm, "bias")[:, None]
        hidden = gelu(hidden)
    frames = hidden.T  # T, C
    projection = child(w2v, "feature_projection")
    hidden = linear(layer_norm(frames, child(projection, "layer_norm")), child(projection, "projection"))
    encoder = child(w2v, "encoder")
    pos_conv = child(child(encoder, "pos_conv_embed"), "conv")
    v = tensor(pos_conv, "weight_v")
    g = tensor(pos_conv, "weight_g")
    weight = v * (g / np.sqrt((v ** 2).sum(axis=(0, 1), keepdims=True)))  # weight_norm, dim=2
    position = conv1d(hidden.T, weight, padding=m.POS_CONV_KERNEL // 2, groups=m.POS_CONV_GROUPS,
                      bias=tensor(pos_conv, "bias"))
    position = gelu(position[:, :-1]).T  # SamePad: drop the extra frame of an even kernel
    hidden = layer_norm(hidden + position, child(encoder, "layer_norm"))
    head_dim = m.HIDDEN // m.HEADS
    for i in range(m.LAYERS):
        layer = child(child(encoder, "layers"), str(i))
        attention = child(layer, "attention")
        q = linear(hidden, child(attention, "q_proj")) * head_dim ** -0.5
        k = linear(hidden, child(attention, "k_proj"))
        v = linear(hidden, child(attention, "v_proj"))
        heads = []
        for h in range(m.HEADS):
            cols = slice(h * head_dim, (h + 1) * head_dim)
            scores = q[:, cols] @ k[:, cols].T
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            heads.append((scores / scores.sum(-1, keepdims=True)) @ v[:, cols])
        attended = linear(np.concatenate(heads, axis=1), child(attention, "out_proj"))
        hidden = layer_norm(hidden + attended, child(layer, "layer_norm"))
        feed_forward = child(layer, "feed_forward")
        fed = linear(gelu(linear(hidden, child(feed_forward, "intermediate_dense"))),
                     child(feed_forward, "output_dense"))
        hidden = layer_norm(hidden + fed, child(layer, "final_layer_norm"))
    return linear(hidden, child(model, "lm_head"))


def main(argv):
    out = Path(argv[1] if len(argv) > 1 else
               "src/test/resources/org/wav2vec2spark/model/reference_logits.json")
    n = np.arange(SAMPLES)
    # Two tones and a click: deterministic, exactly representable as float32 once rounded here.
    audio = (0.6 * np.sin(2 * np.pi * 220 * n / 16000) + 0.3 * np.sin(2 * np.pi * 1250 * n / 16000))
    audio[SAMPLES // 2] += 2.0
    audio = audio.astype(np.float32)
    logits = forward(m.wav2vec2_for_ctc(m.Rng(m.SEED)), audio.astype(np.float64))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "created_by": "scripts/reference_logits.py",
        "model_sha256": m.model_metadata(m.torchscript_archive(m.wav2vec2_for_ctc(m.Rng(m.SEED))))["sha256"],
        "input_values": [float(x) for x in audio],
        "logits": [[round(float(x), 7) for x in row] for row in logits],
    }) + "\n", encoding="utf-8")
    print(f"wrote {out}: {logits.shape[0]} frames x {logits.shape[1]}")


if __name__ == "__main__":
    main(sys.argv)
