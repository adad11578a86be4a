#!/usr/bin/env python3
"""Write a wav2vec2 CTC model as a TorchScript archive and a model directory, without torch.

The project ships and tests model directories on machines that have no torch, and libtorch must
run them in DJL. So this module writes the archive that ``torch.jit.save`` would write, byte by
byte:

* a ZIP with stored (uncompressed) entries, all under one top folder, each entry's data aligned to
  64 bytes with an ``FB`` extra field exactly as caffe2/serialize/inline_container.cc pads it;
* ``data.pkl``: the module object in pickle protocol 2, in the opcode sequence of torch's C++
  Pickler (torch/csrc/jit/serialization/pickler.cpp): for each object ``GLOBAL __torch__.<ns>
  <Class>``, ``EMPTY_TUPLE``, ``NEWOBJ``, then a dict of every declared attribute and ``BUILD``;
  tensors as ``torch._utils._rebuild_tensor_v2`` of a persistent storage id;
* ``data/<key>``: the raw little-endian storages (float32, or float16/bfloat16 for a reduced
  precision export, whose forward converts the float32 input and returns float32 logits);
* ``code/__torch__/wav2vec2spark/modeling.py``: the TorchScript source of every class;
* ``constants.pkl`` (an empty tuple), ``version``, ``.data/version`` and ``byteorder``.

The module tree mirrors transformers' Wav2Vec2ForCTC (group-norm feature encoder, post-LN
encoder), so every parameter's dotted path in the loaded module equals its key in a transformers
state_dict (e.g. ``wav2vec2.encoder.layers.0.attention.q_proj.weight``). The weights come from a
source: seeded random initialisers (make_random_model.py) or named arrays, such as the trained
weights that scripts/train/export_trained_model.py reads. ModuleLists are classes whose
attributes are named "0", "1", ... (declared as ``__annotations__["0"] = ...``), which is how
torch itself serialises them.

The output is deterministic: the ZIP carries fixed timestamps, so the same weights give the same
model.pt byte for byte (and the same sha256 in model.json).
"""

import hashlib
import json
import math
import random
import struct
import zlib
from array import array
from dataclasses import dataclass

# torch.jit.save's archive format version. libtorch 2.7.1 reads 1..10 (caffe2/serialize/versions.h
# kMaxSupportedFileFormatVersion = 0xA). 10 is what a module calling aten::gelu gets since gelu
# gained its `approximate` argument, so no operator upgrader is applied on load.
FILE_FORMAT_VERSION = "10"
ARCHIVE_FOLDER = "model"
NAMESPACE = "__torch__.wav2vec2spark.modeling"

VOCABULARY = ["<pad>", "<s>", "</s>", "<unk>", "|", "E", "T", "A", "O", "N", "I", "H", "S", "R",
              "D", "L", "U", "M", "W", "C", "F", "G", "Y", "P", "B", "V", "K", "'", "X", "J", "Q",
              "Z"]


@dataclass(frozen=True)
class Architecture:
    """The shape of the model, in transformers' Wav2Vec2Config terms (feat_extract_norm="group")."""

    conv_dim: tuple
    conv_kernel: tuple = (10, 3, 3, 3, 3, 2, 2)  # large-960h's: 20 ms frames at 16 kHz
    conv_stride: tuple = (5, 2, 2, 2, 2, 2, 2)
    hidden: int = 64
    layers: int = 2
    heads: int = 4
    intermediate: int = 128
    pos_conv_kernel: int = 16
    pos_conv_groups: int = 4
    vocab: int = len(VOCABULARY)
    layer_norm_eps: float = 1e-5

    @staticmethod
    def from_transformers_config(config):
        """Reads a transformers config.json dict; refuses settings this writer does not implement."""
        expected = {"feat_extract_norm": "group", "do_stable_layer_norm": False, "hidden_act": "gelu",
                    "feat_extract_activation": "gelu", "conv_bias": False}
        for key, value in expected.items():
            if config.get(key, value) != value:
                raise ValueError(f"config.json: {key} must be {value!r} for this writer, got {config[key]!r}")
        return Architecture(
            conv_dim=tuple(config["conv_dim"]), conv_kernel=tuple(config["conv_kernel"]),
            conv_stride=tuple(config["conv_stride"]), hidden=config["hidden_size"],
            layers=config["num_hidden_layers"], heads=config["num_attention_heads"],
            intermediate=config["intermediate_size"], pos_conv_kernel=config["num_conv_pos_embeddings"],
            pos_conv_groups=config["num_conv_pos_embedding_groups"], vocab=config["vocab_size"],
            layer_norm_eps=config["layer_norm_eps"])


# ---------------------------------------------------------------------------------------------
# Values of the module tree
# ---------------------------------------------------------------------------------------------

class Tensor:
    """A contiguous float32 tensor: shape plus row-major values (a list, or a little-endian float32 numpy array)."""

    def __init__(self, shape, values):
        assert len(values) == math.prod(shape), (shape, len(values))
        self.shape = tuple(shape)
        self.values = values

    def strides(self):
        strides, step = [], 1
        for dim in reversed(self.shape):
            strides.insert(0, step)
            step *= dim
        return tuple(strides)


class Obj:
    """An instance of one TorchScript class: typed attributes in declaration order."""

    def __init__(self, class_name, attributes):
        self.class_name = class_name
        self.attributes = attributes  # list of (name, value)


# Initialisers: init(rng, shape) gives the row-major values, a list from a random.Random (the tiny
# models, bit for bit as before) or a float32 array from a numpy Generator (the large ones).
def normal(std):
    def init(rng, shape):
        if isinstance(rng, random.Random):
            return [rng.gauss(0.0, std) for _ in range(math.prod(shape))]
        return rng.normal(0.0, std, math.prod(shape)).astype("<f4")
    return init


def uniform(bound):
    def init(rng, shape):
        if isinstance(rng, random.Random):
            return [rng.uniform(-bound, bound) for _ in range(math.prod(shape))]
        return rng.uniform(-bound, bound, math.prod(shape)).astype("<f4")
    return init


def constant(value):
    def init(rng, shape):
        if isinstance(rng, random.Random):
            return [value] * math.prod(shape)
        import numpy as np
        return np.full(math.prod(shape), value, dtype="<f4")
    return init


class RandomWeights:
    """Seeded initialisers in the spirit of transformers' Wav2Vec2PreTrainedModel._init_weights."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def get(self, name, shape, init):
        return Tensor(shape, init(self.random, shape))

    @staticmethod
    def unused():
        return []


class NumpyRandomWeights(RandomWeights):
    """The same initialisers drawn by numpy: fast enough for large-960h's 315M weights (needs numpy)."""

    def __init__(self, seed):
        import numpy as np
        super().__init__(seed)
        self.random = np.random.default_rng(seed)


class NamedWeights:
    """Weights looked up by their transformers state_dict key (arrays with .shape and .ravel())."""

    def __init__(self, arrays):
        self.arrays = arrays
        self.used = set()

    def get(self, name, shape, init):
        if name not in self.arrays:
            raise KeyError(f"weights: no tensor named {name} (expected shape {tuple(shape)})")
        values = self.arrays[name]
        if tuple(values.shape) != tuple(shape):
            raise ValueError(f"weights: {name} has shape {tuple(values.shape)}, expected {tuple(shape)}")
        self.used.add(name)
        return Tensor(shape, values.astype("<f4").ravel())

    def unused(self):
        return sorted(set(self.arrays) - self.used)


def linear(weights, prefix, out_features, in_features, std):
    return Obj("Linear", [
        ("training", False),
        ("weight", weights.get(prefix + "weight", (out_features, in_features), normal(std))),
        ("bias", weights.get(prefix + "bias", (out_features,), constant(0.0))),
    ])


def layer_norm(weights, prefix, size, eps):
    return Obj("LayerNorm", [
        ("training", False),
        ("weight", weights.get(prefix + "weight", (size,), constant(1.0))),
        ("bias", weights.get(prefix + "bias", (size,), constant(0.0))),
        ("eps", eps),
    ])


def feature_encoder(weights, arch, prefix):
    layers = []
    in_channels = 1
    for index, (channels, kernel, stride) in enumerate(zip(arch.conv_dim, arch.conv_kernel, arch.conv_stride)):
        layer_prefix = f"{prefix}conv_layers.{index}."
        # kaiming_normal_ as transformers initialises feature-encoder convolutions
        std = math.sqrt(2.0 / (in_channels * kernel))
        conv = Obj("Conv1dNoBias", [
            ("training", False),
            ("weight", weights.get(layer_prefix + "conv.weight", (channels, in_channels, kernel), normal(std))),
            ("stride", stride),
        ])
        if index == 0:
            norm = Obj("GroupNorm", [
                ("training", False),
                ("weight", weights.get(layer_prefix + "layer_norm.weight", (channels,), constant(1.0))),
                ("bias", weights.get(layer_prefix + "layer_norm.bias", (channels,), constant(0.0))),
                ("num_groups", channels),
                ("eps", arch.layer_norm_eps),
            ])
            layers.append(Obj("Wav2Vec2GroupNormConvLayer",
                              [("training", False), ("conv", conv), ("layer_norm", norm)]))
        else:
            layers.append(Obj("Wav2Vec2NoLayerNormConvLayer", [("training", False), ("conv", conv)]))
        in_channels = channels
    conv_layers = Obj("Wav2Vec2ConvLayerList",
                      [("training", False)] + [(str(i), layer) for i, layer in enumerate(layers)])
    return Obj("Wav2Vec2FeatureEncoder", [("training", False), ("conv_layers", conv_layers)])


def positional_conv_embedding(weights, arch, prefix):
    in_per_group = arch.hidden // arch.pos_conv_groups
    kernel = arch.pos_conv_kernel
    std = math.sqrt(4.0 / (kernel * in_per_group))
    weight_v = weights.get(prefix + "conv.weight_v", (arch.hidden, in_per_group, kernel), normal(std))

    def initial_norms(rng, shape):
        # weight_norm(dim=2) starts with g = ||v|| taken over every dim but the kernel dim
        values = weight_v.values
        if hasattr(values, "reshape"):
            return ((values.astype("f8").reshape(-1, kernel) ** 2).sum(0) ** 0.5).astype("<f4")
        return [math.sqrt(sum(values[i] ** 2 for i in range(k, len(values), kernel))) for k in range(kernel)]

    conv = Obj("WeightNormConv1d", [
        ("training", False),
        ("bias", weights.get(prefix + "conv.bias", (arch.hidden,), constant(0.0))),
        ("weight_g", weights.get(prefix + "conv.weight_g", (1, 1, kernel), initial_norms)),
        ("weight_v", weight_v),
        ("padding", kernel // 2),
        ("groups", arch.pos_conv_groups),
    ])
    return Obj("Wav2Vec2PositionalConvEmbedding", [
        ("training", False),
        ("conv", conv),
        # Wav2Vec2SamePadLayer: an even kernel with padding K//2 yields one frame too many
        ("num_pad_remove", 1 if kernel % 2 == 0 else 0),
    ])


def encoder_layer(weights, arch, prefix, std):
    head_dim = arch.hidden // arch.heads
    h = arch.hidden
    attention = Obj("Wav2Vec2Attention", [
        ("training", False),
        ("k_proj", linear(weights, prefix + "attention.k_proj.", h, h, std)),
        ("v_proj", linear(weights, prefix + "attention.v_proj.", h, h, std)),
        ("q_proj", linear(weights, prefix + "attention.q_proj.", h, h, std)),
        ("out_proj", linear(weights, prefix + "attention.out_proj.", h, h, std)),
        ("num_heads", arch.heads),
        ("head_dim", head_dim),
        ("scaling", head_dim ** -0.5),
    ])
    feed_forward = Obj("Wav2Vec2FeedForward", [
        ("training", False),
        ("intermediate_dense", linear(weights, prefix + "feed_forward.intermediate_dense.", arch.intermediate, h, std)),
        ("output_dense", linear(weights, prefix + "feed_forward.output_dense.", h, arch.intermediate, std)),
    ])
    return Obj("Wav2Vec2EncoderLayer", [
        ("training", False),
        ("attention", attention),
        ("layer_norm", layer_norm(weights, prefix + "layer_norm.", h, arch.layer_norm_eps)),
        ("feed_forward", feed_forward),
        ("final_layer_norm", layer_norm(weights, prefix + "final_layer_norm.", h, arch.layer_norm_eps)),
    ])


def wav2vec2_for_ctc(weights, arch, initializer_range=0.02):
    """The module tree, each tensor taken from `weights` under its transformers state_dict key."""
    std = initializer_range
    encoder = Obj("Wav2Vec2Encoder", [
        ("training", False),
        ("pos_conv_embed", positional_conv_embedding(weights, arch, "wav2vec2.encoder.pos_conv_embed.")),
        ("layer_norm", layer_norm(weights, "wav2vec2.encoder.layer_norm.", arch.hidden, arch.layer_norm_eps)),
        ("layers", Obj("Wav2Vec2EncoderLayerList",
                       [("training", False)] + [(str(i), encoder_layer(weights, arch, f"wav2vec2.encoder.layers.{i}.", std))
                                                for i in range(arch.layers)])),
    ])
    projection = Obj("Wav2Vec2FeatureProjection", [
        ("training", False),
        ("layer_norm", layer_norm(weights, "wav2vec2.feature_projection.layer_norm.", arch.conv_dim[-1],
                                  arch.layer_norm_eps)),
        ("projection", linear(weights, "wav2vec2.feature_projection.projection.", arch.hidden, arch.conv_dim[-1], std)),
    ])
    model = Obj("Wav2Vec2Model", [
        ("training", False),
        ("masked_spec_embed", weights.get("wav2vec2.masked_spec_embed", (arch.hidden,), uniform(1.0))),
        ("feature_extractor", feature_encoder(weights, arch, "wav2vec2.feature_extractor.")),
        ("feature_projection", projection),
        ("encoder", encoder),
    ])
    return Obj("Wav2Vec2ForCTC", [
        ("training", False),
        ("wav2vec2", model),
        ("lm_head", linear(weights, "lm_head.", arch.vocab, arch.hidden, std)),
    ])


# ---------------------------------------------------------------------------------------------
# TorchScript source
# ---------------------------------------------------------------------------------------------

def q(name):
    return NAMESPACE + "." + name


def chain(list_attr, count, first_input, result="h"):
    """Lines that run `first_input` through the modules "0".."count-1" of a module list."""
    lines, current = [], first_input
    for i in range(count):
        lines.append(f'    _{i} = getattr({list_attr}, "{i}")')
        lines.append(f"    {result}{i} = (_{i}).forward({current}, )")
        current = f"{result}{i}"
    return lines, current


def attention_lines(key_bias):
    """Wav2Vec2Attention.forward: multi-head self-attention, with an additive key mask when given.

    aten::scaled_dot_product_attention rather than matmul-softmax-matmul, as transformers' "sdpa"
    attention: libtorch picks a fused kernel (flash or memory-efficient on CUDA, a blocked one on
    CPU), 1.5 to 1.8 times faster for the bundled model on CPU, same logits to 1e-5.
    """
    mask = key_bias or "None"
    return [
        "    batch = torch.size(hidden_states, 0)",
        "    frames = torch.size(hidden_states, 1)",
        "    heads_shape = [batch, frames, self.num_heads, self.head_dim]",
        "    query = torch.transpose(torch.reshape((self.q_proj).forward(hidden_states, ), heads_shape), 1, 2)",
        "    key = torch.transpose(torch.reshape((self.k_proj).forward(hidden_states, ), heads_shape), 1, 2)",
        "    value = torch.transpose(torch.reshape((self.v_proj).forward(hidden_states, ), heads_shape), 1, 2)",
        f"    attended = torch.scaled_dot_product_attention(query, key, value, {mask}, 0., False, "
        "scale=self.scaling)",
        "    merged_shape = [batch, frames, torch.mul(self.num_heads, self.head_dim)]",
        "    merged = torch.reshape(torch.transpose(attended, 1, 2), merged_shape)",
        "    return (self.out_proj).forward(merged, )",
    ]


def forward_sources(arch):
    """The forward method body of each class (the method header is generated from its type)."""
    conv_lines, conv_out = chain("self.conv_layers", len(arch.conv_dim), "hidden0")
    layer_lines, layer_out = chain("self.layers", arch.layers, "hidden2")
    return {
        "Conv1dNoBias": ("input", [
            "    return torch.conv1d(input, self.weight, None, [self.stride])",
        ]),
        "GroupNorm": ("input", [
            "    return torch.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)",
        ]),
        "LayerNorm": ("input", [
            "    _0 = torch.size(self.weight)",
            "    return torch.layer_norm(input, _0, self.weight, self.bias, self.eps)",
        ]),
        "Linear": ("input", [
            "    return torch.linear(input, self.weight, self.bias)",
        ]),
        "WeightNormConv1d": ("input", [
            "    weight = torch._weight_norm(self.weight_v, self.weight_g, 2)",
            "    return torch.conv1d(input, weight, self.bias, [1], [self.padding], [1], self.groups)",
        ]),
        "Wav2Vec2GroupNormConvLayer": ("hidden_states", [
            "    hidden = (self.conv).forward(hidden_states, )",
            "    normalized = (self.layer_norm).forward(hidden, )",
            "    return torch.gelu(normalized)",
        ]),
        "Wav2Vec2NoLayerNormConvLayer": ("hidden_states", [
            "    return torch.gelu((self.conv).forward(hidden_states, ))",
        ]),
        "Wav2Vec2FeatureEncoder": ("input_values", [
            "    hidden0 = torch.unsqueeze(input_values, 1)",
        ] + conv_lines + [
            f"    return {conv_out}",
        ]),
        "Wav2Vec2FeatureProjection": ("hidden_states", [
            "    normalized = (self.layer_norm).forward(hidden_states, )",
            "    return (self.projection).forward(normalized, )",
        ]),
        "Wav2Vec2PositionalConvEmbedding": ("hidden_states", [
            "    channels_first = torch.transpose(hidden_states, 1, 2)",
            "    convolved = (self.conv).forward(channels_first, )",
            "    frames = torch.sub(torch.size(convolved, 2), self.num_pad_remove)",
            "    same_padded = torch.narrow(convolved, 2, 0, frames)",
            "    return torch.transpose(torch.gelu(same_padded), 1, 2)",
        ]),
        "Wav2Vec2Attention": ("hidden_states", attention_lines(None)),
        "Wav2Vec2FeedForward": ("hidden_states", [
            "    intermediate = (self.intermediate_dense).forward(hidden_states, )",
            "    return (self.output_dense).forward(torch.gelu(intermediate), )",
        ]),
        "Wav2Vec2EncoderLayer": ("hidden_states", [
            "    attended = (self.attention).forward(hidden_states, )",
            "    hidden = (self.layer_norm).forward(torch.add(hidden_states, attended), )",
            "    fed = (self.feed_forward).forward(hidden, )",
            "    return (self.final_layer_norm).forward(torch.add(hidden, fed), )",
        ]),
        "Wav2Vec2Encoder": ("hidden_states", [
            "    position = (self.pos_conv_embed).forward(hidden_states, )",
            "    hidden1 = torch.add(hidden_states, position)",
            "    hidden2 = (self.layer_norm).forward(hidden1, )",
        ] + layer_lines + [
            f"    return {layer_out}",
        ]),
        "Wav2Vec2Model": ("input_values", [
            "    extracted = (self.feature_extractor).forward(input_values, )",
            "    frames_last = torch.transpose(extracted, 1, 2)",
            "    projected = (self.feature_projection).forward(frames_last, )",
            "    return (self.encoder).forward(projected, )",
        ]),
        "Wav2Vec2ForCTC": ("input_values", [
            "    hidden_states = (self.wav2vec2).forward(input_values, )",
            "    return (self.lm_head).forward(hidden_states, )",
        ]),
    }


@dataclass(frozen=True)
class Dtype:
    """A weight type of the archive: how TorchScript and the pickled storages name it."""

    name: str
    scalar_type: int  # c10::ScalarType code, as torch.to(x, code) takes it in TorchScript source
    storage: str  # the torch storage class of the pickled tensors
    lowest: str  # the most negative finite value: the additive attention mask of the exact mode

    def to_bytes(self, values):
        """Little-endian storage bytes of float values (a list or a float32 numpy array)."""
        if self.name == "float32":
            return values.astype("<f4").tobytes() if hasattr(values, "tobytes") else array("f", values).tobytes()
        import numpy as np  # reduced precision needs numpy; the float32 path stays standard library
        floats = np.asarray(values, dtype="<f4")
        if self.name == "float16":
            return floats.astype("<f2").tobytes()
        # bfloat16: the upper half of the float32 bits, rounded to nearest even (as torch converts)
        bits = floats.view("<u4").astype(np.uint64)
        rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
        return rounded.astype("<u2").tobytes()


FLOAT32 = Dtype("float32", 6, "FloatStorage", "-3.4028234663852886e+38")
DTYPES = {d.name: d for d in (
    FLOAT32,
    Dtype("float16", 5, "HalfStorage", "-65504.0"),
    Dtype("bfloat16", 15, "BFloat16Storage", "-3.3895313892515355e+38"),
)}


def frames_after(arch, lengths, layers):
    """Lines computing a conv stack's output length: floor((L - kernel) / stride) + 1 per layer."""
    lines, current = [], lengths
    for i, (kernel, stride) in enumerate(list(zip(arch.conv_kernel, arch.conv_stride))[:layers]):
        lines.append(f"    valid{i} = torch.add(torch.div(torch.sub({current}, {kernel}), {stride}, "
                     f"rounding_mode=\"floor\"), 1)")
        current = f"valid{i}"
    return lines, current


def exact_forward_sources(arch, dtype=FLOAT32):
    """Forward bodies that make padded batches exact (every item's logits as at batch size 1).

    Given each utterance's true length, wav2vec2's padded-batch outputs leak in three places; each is
    closed here as in transformers' Wav2Vec2Model with an attention mask, plus the one it lacks:
    * the first group norm takes its per-channel statistics over valid frames only (transformers
      normalises over the padding too: the remaining leak of issues #18501 and #21534);
    * padded frames are zeroed before the positional convolution, whose kernel would otherwise read
      them into the last valid frames;
    * attention gives padded keys a weight of zero (the dtype's lowest value added before softmax).
    Later convolutions need nothing: an output frame below the valid count reads valid inputs only.
    In reduced precision the masked group norm works in float32: a 30 s utterance has 96000 frames
    after the first convolution, more than float16 can count.
    """
    conv_lines, conv_out = chain("self.conv_layers", len(arch.conv_dim), "hidden0")
    conv_lines[1] = conv_lines[1].replace("(hidden0, )", "(hidden0, valid, )")
    layer_lines = []
    current = "hidden2"
    for i in range(arch.layers):
        layer_lines.append(f'    _{i} = getattr(self.layers, "{i}")')
        layer_lines.append(f"    h{i} = (_{i}).forward({current}, key_bias, )")
        current = f"h{i}"
    first_lines, first_valid = frames_after(arch, "lengths", 1)
    all_lines, frames = frames_after(arch, "lengths", len(arch.conv_dim))
    return {
        "GroupNorm": ("input, valid", masked_group_norm(dtype)),
        "Wav2Vec2GroupNormConvLayer": ("hidden_states, valid", [
            "    hidden = (self.conv).forward(hidden_states, )",
            "    normalized = (self.layer_norm).forward(hidden, valid, )",
            "    return torch.gelu(normalized)",
        ]),
        "Wav2Vec2FeatureEncoder": ("input_values, valid", [
            "    hidden0 = torch.unsqueeze(input_values, 1)",
        ] + conv_lines + [
            f"    return {conv_out}",
        ]),
        "Wav2Vec2Attention": ("hidden_states, key_bias", attention_lines("key_bias")),
        "Wav2Vec2EncoderLayer": ("hidden_states, key_bias", [
            "    attended = (self.attention).forward(hidden_states, key_bias, )",
            "    hidden = (self.layer_norm).forward(torch.add(hidden_states, attended), )",
            "    fed = (self.feed_forward).forward(hidden, )",
            "    return (self.final_layer_norm).forward(torch.add(hidden, fed), )",
        ]),
        "Wav2Vec2Encoder": ("hidden_states, frames", [
            "    positions = torch.arange(torch.size(hidden_states, 1), dtype=None, layout=None, "
            "device=ops.prim.device(hidden_states), pin_memory=None)",
            "    inside = torch.lt(torch.unsqueeze(positions, 0), torch.unsqueeze(frames, 1))",
            "    zeroed = torch.mul(hidden_states, torch.type_as(torch.unsqueeze(inside, 2), hidden_states))",
            "    position = (self.pos_conv_embed).forward(zeroed, )",
            "    hidden1 = torch.add(zeroed, position)",
            "    hidden2 = (self.layer_norm).forward(hidden1, )",
            "    no_bias = torch.zeros_like(torch.type_as(inside, hidden_states))",
            f"    bias = torch.masked_fill(no_bias, torch.logical_not(inside), {dtype.lowest})",
            "    key_bias = torch.unsqueeze(torch.unsqueeze(bias, 1), 2)",
        ] + layer_lines + [
            f"    return {current}",
        ]),
        "Wav2Vec2Model": ("input_values, lengths", first_lines + [
            f"    extracted = (self.feature_extractor).forward(input_values, {first_valid}, )",
            "    frames_last = torch.transpose(extracted, 1, 2)",
            "    projected = (self.feature_projection).forward(frames_last, )",
        ] + [line.replace("valid", "frames_") for line in all_lines] + [
            f"    return (self.encoder).forward(projected, {frames.replace('valid', 'frames_')}, )",
        ]),
        "Wav2Vec2ForCTC": ("input_values, lengths", [
            "    hidden_states = (self.wav2vec2).forward(input_values, lengths, )",
            "    return (self.lm_head).forward(hidden_states, )",
        ]),
    }


def masked_group_norm(dtype):
    """GroupNorm.forward over each item's valid frames only (one group per channel)."""
    reduced = dtype != FLOAT32
    source, weight, bias = ("values", "torch.to(self.weight, 6)", "torch.to(self.bias, 6)") if reduced \
        else ("input", "self.weight", "self.bias")
    return (["    values = torch.to(input, 6)"] if reduced else []) + [
        "    positions = torch.arange(torch.size(input, 2), dtype=None, layout=None, "
        "device=ops.prim.device(input), pin_memory=None)",
        "    inside = torch.lt(torch.unsqueeze(positions, 0), torch.unsqueeze(valid, 1))",
        f"    mask = torch.type_as(torch.unsqueeze(inside, 1), {source})",
        f"    count = torch.unsqueeze(torch.unsqueeze(torch.type_as(valid, {source}), 1), 2)",
        f"    mean = torch.div(torch.sum(torch.mul({source}, mask), [2], True), count)",
        f"    centered = torch.sub({source}, mean)",
        "    masked = torch.mul(centered, mask)",
        "    variance = torch.div(torch.sum(torch.mul(masked, masked), [2], True), count)",
        "    normalized = torch.div(centered, torch.sqrt(torch.add(variance, self.eps)))",
        f"    scale = torch.unsqueeze(torch.unsqueeze({weight}, 0), 2)",
        f"    shift = torch.unsqueeze(torch.unsqueeze({bias}, 0), 2)",
    ] + ([f"    return torch.to(torch.add(torch.mul(normalized, scale), shift), {dtype.scalar_type})"] if reduced
         else ["    return torch.add(torch.mul(normalized, scale), shift)"])


def float32_interface(forwards, dtype):
    """Wav2Vec2ForCTC.forward converting the float32 input to `dtype` and the logits back to float32."""
    arguments, _ = forwards["Wav2Vec2ForCTC"]
    passed = arguments.replace("input_values", "inputs")
    forwards["Wav2Vec2ForCTC"] = (arguments, [
        f"    inputs = torch.to(input_values, {dtype.scalar_type})",
        f"    hidden_states = (self.wav2vec2).forward({passed}, )",
        "    return torch.to((self.lm_head).forward(hidden_states, ), 6)",
    ])


def collect_classes(root):
    """One representative instance per class name, children before parents."""
    found = {}

    def visit(obj):
        for _, value in obj.attributes:
            if isinstance(value, Obj):
                visit(value)
        found.setdefault(obj.class_name, obj)

    visit(root)
    return found


def type_annotation(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, Tensor):
        return "Tensor"
    return q(value.class_name)


def class_source(obj, forwards):
    params = [name for name, value in obj.attributes if isinstance(value, Tensor)]
    lines = [f"class {obj.class_name}(Module):",
             "  __parameters__ = [" + "".join(f'"{p}", ' for p in params) + "]",
             "  __buffers__ = []"]
    for name, value in obj.attributes:
        if name.isidentifier():
            lines.append(f"  {name} : {type_annotation(value)}")
        else:
            lines.append(f'  __annotations__["{name}"] = {type_annotation(value)}')
    if obj.class_name in forwards:
        arguments, body = forwards[obj.class_name]
        lines.append(f"  def forward(self: {q(obj.class_name)},")
        lines.append(",\n".join(f"    {argument}: Tensor" for argument in arguments.split(", ")) + ") -> Tensor:")
        lines.extend(body)
    return "\n".join(lines) + "\n"


def module_source(root, arch, exact, dtype=FLOAT32):
    forwards = forward_sources(arch)
    if exact:
        forwards.update(exact_forward_sources(arch, dtype))
    if dtype != FLOAT32:
        float32_interface(forwards, dtype)
    return "".join(class_source(obj, forwards) for obj in collect_classes(root).values())


# ---------------------------------------------------------------------------------------------
# Pickle protocol 2, in the opcode sequence of torch's C++ Pickler
# ---------------------------------------------------------------------------------------------

class TorchPickler:
    """Writes IValues as torch/csrc/jit/serialization/pickler.cpp does (without memo opcodes)."""

    def __init__(self, dtype=FLOAT32):
        self.out = bytearray(b"\x80\x02")  # PROTO 2
        self.dtype = dtype  # of every tensor
        self.storages = []  # (key, storage bytes) in the order tensors are met

    def finish(self):
        self.out += b"."  # STOP
        return bytes(self.out)

    def global_(self, module, name):
        self.out += b"c" + module.encode() + b"\n" + name.encode() + b"\n"

    def string(self, text):
        data = text.encode("utf-8")
        self.out += b"X" + struct.pack("<I", len(data)) + data  # BINUNICODE

    def int_(self, value):
        if 0 <= value < 256:
            self.out += b"K" + struct.pack("<B", value)  # BININT1
        elif 0 <= value < 65536:
            self.out += b"M" + struct.pack("<H", value)  # BININT2
        elif -2 ** 31 <= value < 2 ** 31:
            self.out += b"J" + struct.pack("<i", value)  # BININT
        else:
            self.out += b"\x8a\x08" + struct.pack("<q", value)  # LONG1, 8 bytes

    def tuple_of_ints(self, values):
        self.out += b"("  # MARK
        for value in values:
            self.int_(value)
        self.out += b"t"  # TUPLE

    def value(self, value):
        if isinstance(value, bool):
            self.out += b"\x88" if value else b"\x89"  # NEWTRUE / NEWFALSE
        elif isinstance(value, int):
            self.int_(value)
        elif isinstance(value, float):
            self.out += b"G" + struct.pack(">d", value)  # BINFLOAT, big endian
        elif isinstance(value, str):
            self.string(value)
        elif isinstance(value, Tensor):
            self.tensor(value)
        elif isinstance(value, Obj):
            self.object(value)
        else:
            raise TypeError(f"cannot pickle {type(value).__name__}")

    def object(self, obj):
        namespace, _, name = q(obj.class_name).rpartition(".")
        self.global_(namespace, name)
        self.out += b")"  # EMPTY_TUPLE
        self.out += b"\x81"  # NEWOBJ
        self.out += b"}"  # EMPTY_DICT
        self.out += b"("  # MARK
        for name, value in obj.attributes:
            self.string(name)
            self.value(value)
        self.out += b"u"  # SETITEMS
        self.out += b"b"  # BUILD

    def tensor(self, tensor):
        key = str(len(self.storages))
        # numpy arrays (a real checkpoint has 300M values) serialise without a detour through lists
        self.storages.append((key, self.dtype.to_bytes(tensor.values)))
        self.global_("torch._utils", "_rebuild_tensor_v2")
        self.out += b"("  # MARK: the argument tuple of _rebuild_tensor_v2
        self.out += b"("  # MARK: the persistent id of the storage
        self.string("storage")
        self.global_("torch", self.dtype.storage)
        self.string(key)
        self.string("cpu")
        self.int_(len(tensor.values))
        self.out += b"t"  # TUPLE
        self.out += b"Q"  # BINPERSID
        self.int_(0)  # storage offset
        self.tuple_of_ints(tensor.shape)
        self.tuple_of_ints(tensor.strides())
        self.value(False)  # requires_grad
        self.global_("collections", "OrderedDict")  # backward hooks, always empty
        self.out += b")"  # EMPTY_TUPLE
        self.out += b"R"  # REDUCE
        self.out += b"t"  # TUPLE
        self.out += b"R"  # REDUCE


# ---------------------------------------------------------------------------------------------
# ZIP, stored entries aligned as PyTorchStreamWriter aligns them
# ---------------------------------------------------------------------------------------------

FIELD_ALIGNMENT = 64
DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1


def zip_archive(entries):
    """entries: list of (name, bytes). Returns the ZIP bytes with each entry's data 64-byte aligned."""
    out = bytearray()
    central = bytearray()
    for name, data in entries:
        encoded = name.encode("utf-8")
        offset = len(out)
        data_start = offset + 30 + len(encoded) + 4
        padding = (-data_start) % FIELD_ALIGNMENT
        extra = b"FB" + struct.pack("<H", padding) + b"Z" * padding
        crc = zlib.crc32(data) & 0xFFFFFFFF
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, DOS_DATE_1980_01_01,
                             crc, len(data), len(data), len(encoded), len(extra))
        out += header + encoded + extra + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0,
                               DOS_DATE_1980_01_01, crc, len(data), len(data), len(encoded),
                               0, 0, 0, 0, 0, offset) + encoded
    directory_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central),
                       directory_offset, 0)
    return bytes(out)


def torchscript_archive(root, arch, exact=False, dtype=FLOAT32):
    """The bytes of model.pt for the module tree `root` of architecture `arch`.

    With `exact`, forward takes (input_values, lengths) and computes each utterance of a padded
    batch as if it ran alone (see exact_forward_sources). With a reduced-precision `dtype`, the
    weights are stored in it and forward converts at its edges: float32 in, float32 logits out.
    """
    pickler = TorchPickler(dtype)
    pickler.object(root)
    data_pkl = pickler.finish()
    constants_pkl = b"\x80\x02)."  # PROTO 2, EMPTY_TUPLE, STOP
    entries = [
        ("version", (FILE_FORMAT_VERSION + "\n").encode()),
        ("byteorder", b"little"),
        ("data.pkl", data_pkl),
        ("code/" + NAMESPACE.replace(".", "/") + ".py", module_source(root, arch, exact, dtype).encode()),
        ("constants.pkl", constants_pkl),
    ]
    entries += [("data/" + key, storage) for key, storage in pickler.storages]
    entries.append((".data/version", (FILE_FORMAT_VERSION + "\n").encode()))
    return zip_archive([(ARCHIVE_FOLDER + "/" + name, data) for name, data in entries])




# ---------------------------------------------------------------------------------------------
# The model directory
# ---------------------------------------------------------------------------------------------

def transformers_config(arch, dtype=FLOAT32):
    """config.json as transformers' Wav2Vec2Config writes it, for inference (dropouts off)."""
    config = {
        "architectures": ["Wav2Vec2ForCTC"],
        "model_type": "wav2vec2",
        "vocab_size": arch.vocab,
        "hidden_size": arch.hidden,
        "num_hidden_layers": arch.layers,
        "num_attention_heads": arch.heads,
        "intermediate_size": arch.intermediate,
        "hidden_act": "gelu",
        "feat_extract_norm": "group",
        "feat_extract_activation": "gelu",
        "conv_dim": list(arch.conv_dim),
        "conv_kernel": list(arch.conv_kernel),
        "conv_stride": list(arch.conv_stride),
        "conv_bias": False,
        "num_feat_extract_layers": len(arch.conv_dim),
        "num_conv_pos_embeddings": arch.pos_conv_kernel,
        "num_conv_pos_embedding_groups": arch.pos_conv_groups,
        "do_stable_layer_norm": False,
        "layer_norm_eps": arch.layer_norm_eps,
        "initializer_range": 0.02,
        "hidden_dropout": 0.0,
        "activation_dropout": 0.0,
        "attention_dropout": 0.0,
        "feat_proj_dropout": 0.0,
        "final_dropout": 0.0,
        "layerdrop": 0.0,
        "pad_token_id": 0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "ctc_loss_reduction": "sum",
        "ctc_zero_infinity": False,
        "torch_dtype": dtype.name,
    }
    return config


def preprocessor_config():
    return {
        "do_normalize": True,
        "feature_extractor_type": "Wav2Vec2FeatureExtractor",
        "feature_size": 1,
        "padding_side": "right",
        "padding_value": 0.0,
        "return_attention_mask": False,
        "sampling_rate": 16000,
    }


def model_metadata(model_bytes, arch, model_id, source, created_by, exact=False, dtype=FLOAT32):
    return {
        "format": 1,
        "model_id": model_id,
        "source": source,
        "created_by": created_by,
        "dtype": dtype.name,
        "torchscript": "model.pt",
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "vocab_size": arch.vocab,
        "sampling_rate": 16000,
        "conv_kernel": list(arch.conv_kernel),
        "conv_stride": list(arch.conv_stride),
        "inputs": ["input_values", "lengths"] if exact else ["input_values"],
        "exact_batching": exact,
    }


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def write_model_directory(out_dir, weights, arch, model_id, source, created_by, exact=False, vocabulary=None,
                          dtype="float32"):
    """Writes model.pt, vocab.json, config.json, preprocessor_config.json and model.json; returns model.json.

    `dtype` (float32, float16 or bfloat16) is the type of the stored weights and of the arithmetic
    inside the module; the model's input and logits are float32 whatever it is.

    Every tensor is looked up, and every named weight must be used, before anything is written: a
    missing tensor (KeyError), a shape that disagrees with the architecture, or a weight the
    architecture has no place for (ValueError) leaves out_dir untouched.
    """
    if dtype not in DTYPES:
        raise ValueError(f"dtype {dtype!r}: expected one of {', '.join(DTYPES)}")
    root = wav2vec2_for_ctc(weights, arch)
    if weights.unused():
        raise ValueError(f"weights the architecture does not use: {', '.join(weights.unused())}")
    model_bytes = torchscript_archive(root, arch, exact, DTYPES[dtype])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "model.pt").write_bytes(model_bytes)
    write_json(out_dir / "vocab.json", vocabulary or {token: index for index, token in enumerate(VOCABULARY)})
    write_json(out_dir / "config.json", transformers_config(arch, DTYPES[dtype]))
    write_json(out_dir / "preprocessor_config.json", preprocessor_config())
    metadata = model_metadata(model_bytes, arch, model_id, source, created_by, exact, DTYPES[dtype])
    write_json(out_dir / "model.json", metadata)
    print(f"wrote {out_dir}/model.pt ({len(model_bytes)} bytes, sha256 {metadata['sha256']})")
    return metadata
