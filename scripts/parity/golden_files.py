"""What the reference scripts of scripts/parity/ share: the bundled samples decoded by the reference
`flac` tool, and the golden tar layout the Java tests read (GoldenTar)."""

import io
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = REPO_ROOT / "data-samples" / "LibriSpeech"


def load_samples(flac="flac"):
    """(split, id, float32 audio) for every sample FLAC, in sorted path order."""
    if shutil.which(flac) is None:
        sys.exit(f"error: the reference flac tool '{flac}' is not there (Debian: apt-get install flac; "
                 f"or pass --flac PATH)")
    utterances = []
    for path in sorted(SAMPLES.glob("*/*/*/*.flac")):
        raw = subprocess.run([flac, "-d", "-c", "-s", "--force-raw-format", "--endian=little", "--sign=signed",
                              str(path)], check=True, stdout=subprocess.PIPE).stdout
        split = path.relative_to(SAMPLES).parts[0]
        utterances.append((split, path.stem, np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0))
    return utterances


def write_checkpoint(model_dir, folder):
    """Writes a project model directory out as a transformers checkpoint folder (model_to_checkpoint.py)."""
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "model_to_checkpoint.py"), str(model_dir),
                    str(folder)], check=True)
    return folder


def spread(utterances, count):
    """count utterances taken at even steps over the list."""
    step = max(1, len(utterances) // count)
    return utterances[::step][:count]


def write_tar(files, path):
    """{name: bytes} as an uncompressed tar, names sorted, no owners or times."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w") as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def shown(path):
    """The path relative to the repository when it is inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(path)
