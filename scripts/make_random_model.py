#!/usr/bin/env python3
"""Write a tiny, randomly initialised wav2vec2 CTC model as a TorchScript archive, without torch.

The project needs a model directory it can ship and test against before a trained model is
converted, and this machine has no torch. So this script writes the archive that
``torch.jit.save`` would write, byte by byte:

* a ZIP with stored (uncompressed) entries, all under one top folder, each entry's data aligned to
  64 bytes with an ``FB`` extra field exactly as caffe2/serialize/inline_container.cc pads it;
* ``data.pkl``: the module object in pickle protocol 2, in the opcode sequence of torch's C++
  Pickler (torch/csrc/jit/serialization/pickler.cpp): for each object ``GLOBAL __torch__.<ns>
  <Class>``, ``EMPTY_TUPLE``, ``NEWOBJ``, then a dict of every declared attribute and ``BUILD``;
  tensors as ``torch._utils._rebuild_tensor_v2`` of a persistent storage id;
* ``data/<key>``: the raw little-endian float32 storages;
* ``code/__torch__/wav2vec2spark/modeling.py``: the TorchScript source of every class;
* ``constants.pkl`` (an empty tuple), ``version``, ``.data/version`` and ``byteorder``.

The module tree mirrors transformers' Wav2Vec2ForCTC, so every parameter's dotted path in the
loaded module equals its key in a transformers state_dict (e.g.
``wav2vec2.encoder.layers.0.attention.q_proj.weight``), and a later conversion tool can map real
weights in by name. ModuleLists are classes whose attributes are named "0", "1", ...
(declared as ``__annotations__["0"] = ...``), which is how torch itself serialises them.

The output is deterministic: weights come from ``random.Random(SEED)`` and the ZIP carries fixed
timestamps, so re-running the script reproduces model.pt to the byte (and model.json's sha256).

Usage: python3 scripts/make_random_model.py [output_dir]   (default: data-samples/model)
"""

import hashlib
import json
import math
import random
import struct
import sys
import zlib
from array import array
from pathlib import Path

SEED = 20240611

# The architecture, in transformers' Wav2Vec2Config terms (facebook/wav2vec2-large-960h layout,
# shrunk). Kernels and strides are the real ones: 20 ms frames at 16 kHz.
CONV_DIM = [32] * 7
CONV_KERNEL = [10, 3, 3, 3, 3, 2, 2]
CONV_STRIDE = [5, 2, 2, 2, 2, 2, 2]
HIDDEN = 64
LAYERS = 2
HEADS = 4
INTERMEDIATE = 128
POS_CONV_KERNEL = 16
POS_CONV_GROUPS = 4
VOCAB = 32
LAYER_NORM_EPS = 1e-5
INITIALIZER_RANGE = 0.02

# torch.jit.save's archive format version. libtorch 2.7.1 reads 1..10 (caffe2/serialize/versions.h
# kMaxSupportedFileFormatVersion = 0xA). 10 is what a module calling aten::gelu gets since gelu
# gained its `approximate` argument, so no operator upgrader is applied on load.
FILE_FORMAT_VERSION = "10"
ARCHIVE_FOLDER = "model"
NAMESPACE = "__torch__.wav2vec2spark.modeling"

VOCABULARY = ["<pad>", "<s>", "</s>", "<unk>", "|", "E", "T", "A", "O", "N", "I", "H", "S", "R",
              "D", "L", "U", "M", "W", "C", "F", "G", "Y", "P", "B", "V", "K", "'", "X", "J", "Q",
              "Z"]


# ---------------------------------------------------------------------------------------------
# Values of the module tree
# ---------------------------------------------------------------------------------------------

class Tensor:
    """A contiguous float32 tensor: shape plus row-major values."""

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


class Rng:
    """Seeded initialisers in the spirit of transformers' Wav2Vec2PreTrainedModel._init_weights."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def normal(self, shape, std):
        return Tensor(shape, [self.random.gauss(0.0, std) for _ in range(math.prod(shape))])

    def uniform(self, shape, bound):
        return Tensor(shape, [self.random.uniform(-bound, bound) for _ in range(math.prod(shape))])

    @staticmethod
    def constant(shape, value):
        return Tensor(shape, [value] * math.prod(shape))


def linear(rng, out_features, in_features):
    return Obj("Linear", [
        ("training", False),
        ("weight", rng.normal((out_features, in_features), INITIALIZER_RANGE)),
        ("bias", Rng.constant((out_features,), 0.0)),
    ])


def layer_norm(size):
    return Obj("LayerNorm", [
        ("training", False),
        ("weight", Rng.constant((size,), 1.0)),
        ("bias", Rng.constant((size,), 0.0)),
        ("eps", LAYER_NORM_EPS),
    ])


def feature_encoder(rng):
    layers = []
    in_channels = 1
    for index, (channels, kernel, stride) in enumerate(zip(CONV_DIM, CONV_KERNEL, CONV_STRIDE)):
        # kaiming_normal_ as transformers initialises feature-encoder convolutions
        std = math.sqrt(2.0 / (in_channels * kernel))
        conv = Obj("Conv1dNoBias", [
            ("training", False),
            ("weight", rng.normal((channels, in_channels, kernel), std)),
            ("stride", stride),
        ])
        if index == 0:
            norm = Obj("GroupNorm", [
                ("training", False),
                ("weight", Rng.constant((channels,), 1.0)),
                ("bias", Rng.constant((channels,), 0.0)),
                ("num_groups", channels),
                ("eps", LAYER_NORM_EPS),
            ])
            layers.append(Obj("Wav2Vec2GroupNormConvLayer",
                              [("training", False), ("conv", conv), ("layer_norm", norm)]))
        else:
            layers.append(Obj("Wav2Vec2NoLayerNormConvLayer", [("training", False), ("conv", conv)]))
        in_channels = channels
    conv_layers = Obj("Wav2Vec2ConvLayerList",
                      [("training", False)] + [(str(i), layer) for i, layer in enumerate(layers)])
    return Obj("Wav2Vec2FeatureEncoder", [("training", False), ("conv_layers", conv_layers)])


def positional_conv_embedding(rng):
    in_per_group = HIDDEN // POS_CONV_GROUPS
    std = math.sqrt(4.0 / (POS_CONV_KERNEL * in_per_group))
    weight_v = rng.normal((HIDDEN, in_per_group, POS_CONV_KERNEL), std)
    # weight_norm(dim=2) starts with g = ||v|| taken over every dim but the kernel dim
    norms = []
    for k in range(POS_CONV_KERNEL):
        squares = sum(weight_v.values[i] ** 2 for i in range(k, len(weight_v.values), POS_CONV_KERNEL))
        norms.append(math.sqrt(squares))
    conv = Obj("WeightNormConv1d", [
        ("training", False),
        ("bias", Rng.constant((HIDDEN,), 0.0)),
        ("weight_g", Tensor((1, 1, POS_CONV_KERNEL), norms)),
        ("weight_v", weight_v),
        ("padding", POS_CONV_KERNEL // 2),
        ("groups", POS_CONV_GROUPS),
    ])
    return Obj("Wav2Vec2PositionalConvEmbedding", [
        ("training", False),
        ("conv", conv),
        # Wav2Vec2SamePadLayer: an even kernel with padding K//2 yields one frame too many
        ("num_pad_remove", 1 if POS_CONV_KERNEL % 2 == 0 else 0),
    ])


def encoder_layer(rng):
    head_dim = HIDDEN // HEADS
    attention = Obj("Wav2Vec2Attention", [
        ("training", False),
        ("k_proj", linear(rng, HIDDEN, HIDDEN)),
        ("v_proj", linear(rng, HIDDEN, HIDDEN)),
        ("q_proj", linear(rng, HIDDEN, HIDDEN)),
        ("out_proj", linear(rng, HIDDEN, HIDDEN)),
        ("num_heads", HEADS),
        ("head_dim", head_dim),
        ("scaling", head_dim ** -0.5),
    ])
    feed_forward = Obj("Wav2Vec2FeedForward", [
        ("training", False),
        ("intermediate_dense", linear(rng, INTERMEDIATE, HIDDEN)),
        ("output_dense", linear(rng, HIDDEN, INTERMEDIATE)),
    ])
    return Obj("Wav2Vec2EncoderLayer", [
        ("training", False),
        ("attention", attention),
        ("layer_norm", layer_norm(HIDDEN)),
        ("feed_forward", feed_forward),
        ("final_layer_norm", layer_norm(HIDDEN)),
    ])


def wav2vec2_for_ctc(rng):
    encoder = Obj("Wav2Vec2Encoder", [
        ("training", False),
        ("pos_conv_embed", positional_conv_embedding(rng)),
        ("layer_norm", layer_norm(HIDDEN)),
        ("layers", Obj("Wav2Vec2EncoderLayerList",
                       [("training", False)] + [(str(i), encoder_layer(rng)) for i in range(LAYERS)])),
    ])
    projection = Obj("Wav2Vec2FeatureProjection", [
        ("training", False),
        ("layer_norm", layer_norm(CONV_DIM[-1])),
        ("projection", linear(rng, HIDDEN, CONV_DIM[-1])),
    ])
    model = Obj("Wav2Vec2Model", [
        ("training", False),
        ("masked_spec_embed", rng.uniform((HIDDEN,), 1.0)),
        ("feature_extractor", feature_encoder(rng)),
        ("feature_projection", projection),
        ("encoder", encoder),
    ])
    return Obj("Wav2Vec2ForCTC", [
        ("training", False),
        ("wav2vec2", model),
        ("lm_head", linear(rng, VOCAB, HIDDEN)),
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


def forward_sources():
    """The forward method body of each class (the method header is generated from its type)."""
    conv_lines, conv_out = chain("self.conv_layers", len(CONV_DIM), "hidden0")
    layer_lines, layer_out = chain("self.layers", LAYERS, "hidden2")
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
        "Wav2Vec2Attention": ("hidden_states", [
            "    batch = torch.size(hidden_states, 0)",
            "    frames = torch.size(hidden_states, 1)",
            "    heads_shape = [batch, frames, self.num_heads, self.head_dim]",
            "    query = torch.mul((self.q_proj).forward(hidden_states, ), self.scaling)",
            "    query0 = torch.transpose(torch.reshape(query, heads_shape), 1, 2)",
            "    key = torch.reshape((self.k_proj).forward(hidden_states, ), heads_shape)",
            "    key0 = torch.transpose(key, 1, 2)",
            "    value = torch.reshape((self.v_proj).forward(hidden_states, ), heads_shape)",
            "    value0 = torch.transpose(value, 1, 2)",
            "    scores = torch.matmul(query0, torch.transpose(key0, 2, 3))",
            "    weights = torch.softmax(scores, -1)",
            "    context = torch.transpose(torch.matmul(weights, value0), 1, 2)",
            "    merged_shape = [batch, frames, torch.mul(self.num_heads, self.head_dim)]",
            "    merged = torch.reshape(context, merged_shape)",
            "    return (self.out_proj).forward(merged, )",
        ]),
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
        argument, body = forwards[obj.class_name]
        lines.append(f"  def forward(self: {q(obj.class_name)},")
        lines.append(f"    {argument}: Tensor) -> Tensor:")
        lines.extend(body)
    return "\n".join(lines) + "\n"


def module_source(root):
    forwards = forward_sources()
    return "".join(class_source(obj, forwards) for obj in collect_classes(root).values())


# ---------------------------------------------------------------------------------------------
# Pickle protocol 2, in the opcode sequence of torch's C++ Pickler
# ---------------------------------------------------------------------------------------------

class TorchPickler:
    """Writes IValues as torch/csrc/jit/serialization/pickler.cpp does (without memo opcodes)."""

    def __init__(self):
        self.out = bytearray(b"\x80\x02")  # PROTO 2
        self.storages = []  # (key, float32 bytes) in the order tensors are met

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
        self.storages.append((key, array("f", tensor.values).tobytes()))
        self.global_("torch._utils", "_rebuild_tensor_v2")
        self.out += b"("  # MARK: the argument tuple of _rebuild_tensor_v2
        self.out += b"("  # MARK: the persistent id of the storage
        self.string("storage")
        self.global_("torch", "FloatStorage")
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


def torchscript_archive(root):
    pickler = TorchPickler()
    pickler.object(root)
    data_pkl = pickler.finish()
    constants_pkl = b"\x80\x02)."  # PROTO 2, EMPTY_TUPLE, STOP
    entries = [
        ("version", (FILE_FORMAT_VERSION + "\n").encode()),
        ("byteorder", b"little"),
        ("data.pkl", data_pkl),
        ("code/" + NAMESPACE.replace(".", "/") + ".py", module_source(root).encode()),
        ("constants.pkl", constants_pkl),
    ]
    entries += [("data/" + key, storage) for key, storage in pickler.storages]
    entries.append((".data/version", (FILE_FORMAT_VERSION + "\n").encode()))
    return zip_archive([(ARCHIVE_FOLDER + "/" + name, data) for name, data in entries])


# ---------------------------------------------------------------------------------------------
# The model directory
# ---------------------------------------------------------------------------------------------

def transformers_config():
    return {
        "architectures": ["Wav2Vec2ForCTC"],
        "model_type": "wav2vec2",
        "vocab_size": VOCAB,
        "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": HEADS,
        "intermediate_size": INTERMEDIATE,
        "hidden_act": "gelu",
        "feat_extract_norm": "group",
        "feat_extract_activation": "gelu",
        "conv_dim": CONV_DIM,
        "conv_kernel": CONV_KERNEL,
        "conv_stride": CONV_STRIDE,
        "conv_bias": False,
        "num_feat_extract_layers": len(CONV_DIM),
        "num_conv_pos_embeddings": POS_CONV_KERNEL,
        "num_conv_pos_embedding_groups": POS_CONV_GROUPS,
        "do_stable_layer_norm": False,
        "layer_norm_eps": LAYER_NORM_EPS,
        "initializer_range": INITIALIZER_RANGE,
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
        "torch_dtype": "float32",
    }


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


def model_metadata(model_bytes):
    return {
        "format": 1,
        "model_id": "wav2vec2-spark/random-tiny",
        "source": "random weights (seed %d) in the facebook/wav2vec2-large-960h layout, shrunk; "
                  "a placeholder until a trained model is converted" % SEED,
        "created_by": "scripts/make_random_model.py",
        "dtype": "float32",
        "torchscript": "model.pt",
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "vocab_size": VOCAB,
        "sampling_rate": 16000,
        "conv_kernel": CONV_KERNEL,
        "conv_stride": CONV_STRIDE,
        "inputs": ["input_values"],
        "exact_batching": False,
    }


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def main(argv):
    out_dir = Path(argv[1] if len(argv) > 1 else "data-samples/model")
    out_dir.mkdir(parents=True, exist_ok=True)
    model_bytes = torchscript_archive(wav2vec2_for_ctc(Rng(SEED)))
    (out_dir / "model.pt").write_bytes(model_bytes)
    write_json(out_dir / "vocab.json", {token: index for index, token in enumerate(VOCABULARY)})
    write_json(out_dir / "config.json", transformers_config())
    write_json(out_dir / "preprocessor_config.json", preprocessor_config())
    write_json(out_dir / "model.json", model_metadata(model_bytes))
    print(f"wrote {out_dir}/model.pt ({len(model_bytes)} bytes)")


if __name__ == "__main__":
    main(sys.argv)
