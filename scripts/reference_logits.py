#!/usr/bin/env python3
"""Compute the bundled model's logits with numpy, independently of TorchScript and libtorch.

wav2vec2_archive.py writes the forward pass as TorchScript source that only libtorch runs. This
script reads the weights back out of the model directory's model.pt (the ZIP and its pickle, with
the standard library) and recomputes the same architecture (transformers' Wav2Vec2ForCTC,
group-norm encoder, post-LN transformer) from config.json, so a Java test can check that the
archive computes wav2vec2 and not just something of the right shape. Its output is the test fixture
src/test/resources/org/wav2vec2spark/model/reference_logits.json.

Usage: python3 scripts/reference_logits.py [model_dir] [fixture_path]
"""

import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torch_zip  # noqa: E402

SAMPLES = 8000


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


def forward(w, config, audio):
    eps = config["layer_norm_eps"]

    def layer_norm(x, prefix):
        mean = x.mean(-1, keepdims=True)
        var = x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + eps) * w[prefix + "weight"] + w[prefix + "bias"]

    def linear(x, prefix):
        return x @ w[prefix + "weight"].T + w[prefix + "bias"]

    hidden = audio[None, :]
    for i, stride in enumerate(config["conv_stride"]):
        prefix = f"wav2vec2.feature_extractor.conv_layers.{i}."
        hidden = conv1d(hidden, w[prefix + "conv.weight"], stride=stride)
        if i == 0:  # GroupNorm(num_groups=C, C): each channel normalised over time
            mean = hidden.mean(1, keepdims=True)
            var = hidden.var(1, keepdims=True)
            hidden = (hidden - mean) / np.sqrt(var + eps)
            hidden = hidden * w[prefix + "layer_norm.weight"][:, None] + w[prefix + "layer_norm.bias"][:, None]
        hidden = gelu(hidden)
    hidden = linear(layer_norm(hidden.T, "wav2vec2.feature_projection.layer_norm."),
                    "wav2vec2.feature_projection.projection.")
    pos = "wav2vec2.encoder.pos_conv_embed.conv."
    v, g = w[pos + "weight_v"], w[pos + "weight_g"]
    weight = v * (g / np.sqrt((v ** 2).sum(axis=(0, 1), keepdims=True)))  # weight_norm, dim=2
    kernel = config["num_conv_pos_embeddings"]
    position = conv1d(hidden.T, weight, padding=kernel // 2, groups=config["num_conv_pos_embedding_groups"],
                      bias=w[pos + "bias"])
    if kernel % 2 == 0:  # SamePad: drop the extra frame of an even kernel
        position = position[:, :-1]
    hidden = layer_norm(hidden + gelu(position).T, "wav2vec2.encoder.layer_norm.")
    heads = config["num_attention_heads"]
    head_dim = config["hidden_size"] // heads
    for i in range(config["num_hidden_layers"]):
        prefix = f"wav2vec2.encoder.layers.{i}."
        q = linear(hidden, prefix + "attention.q_proj.") * head_dim ** -0.5
        k = linear(hidden, prefix + "attention.k_proj.")
        v = linear(hidden, prefix + "attention.v_proj.")
        contexts = []
        for h in range(heads):
            cols = slice(h * head_dim, (h + 1) * head_dim)
            scores = q[:, cols] @ k[:, cols].T
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            contexts.append((scores / scores.sum(-1, keepdims=True)) @ v[:, cols])
        attended = linear(np.concatenate(contexts, axis=1), prefix + "attention.out_proj.")
        hidden = layer_norm(hidden + attended, prefix + "layer_norm.")
        fed = linear(gelu(linear(hidden, prefix + "feed_forward.intermediate_dense.")),
                     prefix + "feed_forward.output_dense.")
        hidden = layer_norm(hidden + fed, prefix + "final_layer_norm.")
    return linear(hidden, "lm_head.")


def main(argv):
    model_dir = Path(argv[1] if len(argv) > 1 else "data-samples/model")
    out = Path(argv[2] if len(argv) > 2 else
               "src/test/resources/org/wav2vec2spark/model/reference_logits.json")
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    model_pt = model_dir / "model.pt"
    n = np.arange(SAMPLES)
    # Two tones and a click: deterministic, exactly representable as float32 once rounded here.
    audio = (0.6 * np.sin(2 * np.pi * 220 * n / 16000) + 0.3 * np.sin(2 * np.pi * 1250 * n / 16000))
    audio[SAMPLES // 2] += 2.0
    audio = audio.astype(np.float32)
    logits = forward({k: v.astype(np.float64) for k, v in torch_zip.module_weights(model_pt).items()}, config,
                     audio.astype(np.float64))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "created_by": "scripts/reference_logits.py",
        "model_sha256": hashlib.sha256(model_pt.read_bytes()).hexdigest(),
        "input_values": [float(x) for x in audio],
        "logits": [[round(float(x), 7) for x in row] for row in logits],
    }) + "\n", encoding="utf-8")
    print(f"wrote {out}: {logits.shape[0]} frames x {logits.shape[1]}")


if __name__ == "__main__":
    main(sys.argv)
