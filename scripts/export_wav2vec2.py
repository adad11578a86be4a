#!/usr/bin/env python3
"""Export a Hugging Face Wav2Vec2ForCTC checkpoint to the project's model directory, without torch.

Input: a local folder as `huggingface_hub.snapshot_download("facebook/wav2vec2-large-960h")` leaves
it (config.json, model.safetensors or pytorch_model.bin, vocab.json, preprocessor_config.json or
the processor_config.json that transformers 5 writes in its place), or a model id, which is
downloaded with huggingface_hub when that package is installed. Output: model.pt (TorchScript,
written by wav2vec2_archive.py), vocab.json, config.json, preprocessor_config.json, the checkpoint's
tokenizer_config.json and special_tokens_map.json where it has them (the Java decoder takes the pad
token, word delimiter and case from them) and model.json (source id and revision, dtype, sha256 of
model.pt, exact batching on or off).

Why not torch.jit.trace: a wav2vec2 traced on CPU by torch 2.11 fails on CUDA ("Expected all tensors
to be on the same device"), tracing can freeze shapes, and a newer torch writes archives that an
older libtorch may refuse. The archive written here is TorchScript source over the checkpoint's own
weights: it has no device constants (one file runs on CPU and GPU), no frozen shapes, and archive
format 10, which DJL's libtorch 2.7.1 reads. Weights are read from safetensors (F32, F16, BF16) or
from the zip format of torch.save with the standard library and numpy.

--exact (the default) writes the export mode whose forward takes (input_values, lengths) and gives
every utterance of a padded batch its batch-size-1 logits; --no-exact writes the plain forward,
which computes what transformers computes for a batch without attention mask.

--dtype float16 or bfloat16 stores the weights in that type and runs the module in it; the
interface stays float32 (the module converts its input, and its logits back), so the Java side
feeds and reads every export alike. float32 is the default and the reference for parity.

Supported: feat_extract_norm "group" with do_stable_layer_norm false (wav2vec2-base/large-960h and
their fine-tunes). Anything else is refused with the setting named.

Usage:
    python3 scripts/export_wav2vec2.py --model facebook/wav2vec2-large-960h --out models/large-960h
    python3 scripts/export_wav2vec2.py --model /path/to/snapshot --out models/mine --no-exact
    python3 scripts/export_wav2vec2.py --model facebook/wav2vec2-large-960h --out models/large-960h-fp16 --dtype float16
"""

import argparse
import json
import pickle
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torch_zip  # noqa: E402
import wav2vec2_archive as archive  # noqa: E402

# transformers >= 4.3x saves weight_norm as a parametrization; older checkpoints use weight_g/_v.
RENAMED = {
    "wav2vec2.encoder.pos_conv_embed.conv.parametrizations.weight.original0":
        "wav2vec2.encoder.pos_conv_embed.conv.weight_g",
    "wav2vec2.encoder.pos_conv_embed.conv.parametrizations.weight.original1":
        "wav2vec2.encoder.pos_conv_embed.conv.weight_v",
}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="local snapshot folder, or a Hugging Face model id")
    p.add_argument("--revision", default=None, help="revision to download (with a model id)")
    p.add_argument("--out", type=Path, required=True, help="model directory to write")
    p.add_argument("--exact", action=argparse.BooleanOptionalAction, default=True,
                   help="exact batching: forward takes lengths (default on)")
    p.add_argument("--dtype", choices=list(archive.DTYPES), default="float32",
                   help="weights and arithmetic inside the module (default float32; input and logits stay float32)")
    p.add_argument("--model-id", default=None, help="model_id for reports (default: --model)")
    args = p.parse_args(argv)
    folder, revision = locate(args.model, args.revision)
    config = read_json(folder / "config.json")
    try:
        arch = archive.Architecture.from_transformers_config(config)
    except ValueError as e:
        sys.exit(f"error: {folder / 'config.json'}: {e}")
    vocabulary = check_vocabulary(folder / "vocab.json", arch)
    tokenizer_files = check_tokenizer(folder, vocabulary)
    preprocessor = feature_extractor_settings(folder)
    # pre-training heads (quantizer, project_q/_hid) may remain in a fine-tuned checkpoint; CTC ignores them
    tensors = {k: v for k, v in read_checkpoint(folder).items() if not k.startswith(("quantizer.", "project_"))}
    try:
        metadata = archive.write_model_directory(
            args.out, archive.NamedWeights(tensors), arch, model_id=args.model_id or args.model,
            source=f"{args.model} revision {revision}", created_by="scripts/export_wav2vec2.py",
            exact=args.exact, vocabulary=vocabulary, dtype=args.dtype)
    except (KeyError, ValueError) as e:
        sys.exit(f"error: {folder}: {e.args[0]}")
    (args.out / "preprocessor_config.json").write_text(json.dumps(preprocessor, indent=2) + "\n", encoding="utf-8")
    for name, content in tokenizer_files.items():  # the decoder's pad token, word delimiter, case
        (args.out / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"exported {args.model} ({revision}) to {args.out}: sha256 {metadata['sha256']}, "
          f"exact batching {'on' if args.exact else 'off'}, {args.dtype}")
    return 0


def locate(model, revision):
    """(folder, revision) for a local folder or a downloaded model id."""
    path = Path(model)
    if path.is_dir():
        return path, revision or "local folder"
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        sys.exit(f"error: {model} is not a folder, and huggingface_hub is not installed to download it "
                 "(pip install huggingface_hub, or pass a downloaded snapshot folder)")
    folder = Path(snapshot_download(model, revision=revision,
                                    allow_patterns=["*.json", "*.safetensors", "pytorch_model.bin"]))
    return folder, folder.name


def check_vocabulary(path, arch):
    vocab = read_json(path)
    if sorted(vocab.values()) != list(range(arch.vocab)):
        sys.exit(f"error: {path} has ids {sorted(vocab.values())[:5]}... but config.json says vocab_size "
                 f"{arch.vocab}: ids must be 0..{arch.vocab - 1}")
    return vocab


TOKENIZER_FILES = ("tokenizer_config.json", "special_tokens_map.json")


def check_tokenizer(folder, vocabulary):
    """The checkpoint's tokenizer files, to copy into the model directory, whose Java side reads them as
    Wav2Vec2CTCTokenizer.from_pretrained does (special_tokens_map.json overrides tokenizer_config.json
    unless that has added_tokens_decoder). Refuses a pad token, the CTC blank, that vocab.json lacks."""
    present = {name: read_json(folder / name) for name in TOKENIZER_FILES if (folder / name).is_file()}
    pad, source = "<pad>", "by default"
    config = present.get("tokenizer_config.json", {})
    layers = [("tokenizer_config.json", config)]
    if "added_tokens_decoder" not in config:
        layers.append(("special_tokens_map.json", present.get("special_tokens_map.json", {})))
    for name, settings in layers:
        if "pad_token" in settings:
            value = settings["pad_token"]
            pad = value["content"] if isinstance(value, dict) and "content" in value else value
            source = f"as {folder / name} names it"
    if pad not in vocabulary:
        sys.exit(f"error: {folder / 'vocab.json'} has no {pad!r} token, the pad token {source}, which the Java "
                 f"decoder drops as the CTC blank (tokens: {sorted(vocabulary, key=vocabulary.get)[:8]}...)")
    return present


def feature_extractor_settings(folder):
    """The checkpoint's Wav2Vec2FeatureExtractor settings, checked against what the Java side does.

    transformers 4 saves them as preprocessor_config.json; transformers 5 saves a processor's as the
    "feature_extractor" entry of processor_config.json instead. The model directory always gets the
    flat preprocessor_config.json.
    """
    path = folder / "preprocessor_config.json"
    if path.is_file():
        settings = read_json(path)
    else:
        path = folder / "processor_config.json"
        settings = read_json(path).get("feature_extractor") if path.is_file() else None
    if settings is None:
        sys.exit(f"error: {folder} has neither preprocessor_config.json nor a processor_config.json with a "
                 f"feature_extractor entry: the model directory needs the feature extractor's settings "
                 f"(save the processor or feature extractor with the model)")
    if settings.get("sampling_rate", 16000) != 16000 or not settings.get("do_normalize", True):
        sys.exit(f"error: {path}: the Java pipeline feeds 16 kHz audio normalised to zero mean and unit "
                 f"variance; this model expects sampling_rate {settings.get('sampling_rate')}, "
                 f"do_normalize {settings.get('do_normalize')}")
    return settings


def read_json(path):
    """A JSON file of the checkpoint; a missing or malformed one stops the export, naming it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        sys.exit(f"error: {path} is missing")
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        sys.exit(f"error: {path} is not valid JSON: {e}")


def read_checkpoint(folder):
    """{state_dict key: float32 array} from model.safetensors or pytorch_model.bin."""
    if (folder / "model.safetensors").is_file():
        tensors = read_safetensors(folder / "model.safetensors")
    elif (folder / "pytorch_model.bin").is_file():
        tensors = read_torch_zip(folder / "pytorch_model.bin")
    else:
        sys.exit(f"error: {folder} has neither model.safetensors nor pytorch_model.bin")
    return {RENAMED.get(key, key): value for key, value in tensors.items()}


SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "BF16": "bf16", "F64": "<f8"}


def read_safetensors(path):
    data = path.read_bytes()
    (header_size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_size])
    body = memoryview(data)[8 + header_size:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in SAFETENSORS_DTYPES:
            sys.exit(f"error: {path}: tensor {name} has dtype {entry['dtype']}; expected one of "
                     f"{', '.join(SAFETENSORS_DTYPES)}")
        start, end = entry["data_offsets"]
        tensors[name] = torch_zip.to_float32(body[start:end], SAFETENSORS_DTYPES[entry["dtype"]], entry["shape"])
    return tensors


def read_torch_zip(path):
    try:
        state = torch_zip.load(path)
    except (ValueError, pickle.UnpicklingError) as e:
        sys.exit(f"error: {path}: {e}; re-save it with a current torch, or use model.safetensors")
    return dict(state)


if __name__ == "__main__":
    sys.exit(main())
