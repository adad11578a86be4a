#!/usr/bin/env python3
"""The model card's evaluation loop, run on the bundled samples and model: the reference WER.

facebook/wav2vec2-large-960h's model card evaluates with this loop: for each LibriSpeech utterance,
processor(audio, return_tensors="pt", padding="longest").input_values, Wav2Vec2ForCTC at batch
size 1, argmax, processor.batch_decode, then jiwer.wer(references, transcriptions) over the split.
This script runs that loop as written, with the bundled model written out as a transformers
checkpoint (model_to_checkpoint.py), on data-samples/LibriSpeech (audio decoded by the reference
`flac` tool, references from the .trans.txt files), on CPU in float32, and adds jiwer.cer.

It writes src/test/resources/parity/model-card.json: per split the utterance count, jiwer's WER and
CER and every transcription, the versions used and the sha256 of the model.pt they belong to.
ModelCardLoopTest runs the evaluate job on the same data and expects the same transcriptions and
the same WER and CER, to the last bit.

Usage (from the repository root; jiwer from PyPI where there is one, else from its source, see
src/test/resources/metrics/make_jiwer_golden.py):
    sudo scripts/with-transformers.sh env PYTHONPATH=/repo/target/jiwer-src \\
        python3 scripts/parity/model_card_eval.py
"""

import argparse
import json
import tempfile
from pathlib import Path

import jiwer
import torch
import transformers
from transformers import Wav2Vec2ForCTC, Wav2Vec2Processor

from golden_files import SAMPLES, load_samples, write_checkpoint

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=REPO_ROOT / "src/test/resources/parity/model-card.json")
    p.add_argument("--flac", default="flac", help="path of the reference flac tool")
    args = p.parse_args()
    references = read_references()
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = write_checkpoint(REPO_ROOT / "data-samples/model", Path(tmp) / "checkpoint")
        processor = Wav2Vec2Processor.from_pretrained(checkpoint)
        model = Wav2Vec2ForCTC.from_pretrained(checkpoint).eval()
        transcriptions = {}
        for split, utt_id, audio in load_samples(args.flac):
            input_values = processor(audio, sampling_rate=16000, return_tensors="pt",
                                     padding="longest").input_values
            with torch.no_grad():
                logits = model(input_values).logits
            predicted_ids = torch.argmax(logits, dim=-1)
            transcriptions.setdefault(split, {})[utt_id] = processor.batch_decode(predicted_ids)[0]
    splits = {}
    for split, hypotheses in sorted(transcriptions.items()):
        ids = sorted(hypotheses)
        truth = [references[i] for i in ids]
        said = [hypotheses[i] for i in ids]
        splits[split] = {"utterances": len(ids), "wer": jiwer.wer(truth, said), "cer": jiwer.cer(truth, said),
                         "transcriptions": {i: hypotheses[i] for i in ids}}
        print(f"{split}: {len(ids)} utterances, WER {splits[split]['wer']:.4f}, CER {splits[split]['cer']:.4f}")
    model_sha256 = json.loads((REPO_ROOT / "data-samples/model/model.json").read_text())["sha256"]
    result = {"made_by": "scripts/parity/model_card_eval.py", "model_sha256": model_sha256,
              "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                           "jiwer": jiwer.__version__ if hasattr(jiwer, "__version__") else "unknown"},
              "splits": splits}
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def read_references():
    """{utterance id: reference text} from every .trans.txt of the bundled samples."""
    references = {}
    for path in sorted(SAMPLES.glob("*/*/*/*.trans.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                utt_id, _, text = line.partition(" ")
                references[utt_id] = text
    return references


if __name__ == "__main__":
    main()
