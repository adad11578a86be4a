#!/usr/bin/env python3
"""Write many short WAV recordings cut from the bundled samples, for the transcribe job at scale.

Issue 4 asks for the driver's memory with 20000 recordings: this makes such an input folder (1000
recordings per subfolder) from the bundled test-clean speech, decoded with the reference `flac`
tool and cut end to end into pieces of --seconds (wrapping around). Standard library only.

Usage: python3 scripts/make_many_recordings.py OUT_DIR [--count 20000] [--seconds 0.5]
"""

import argparse
import shutil
import subprocess
import sys
import wave
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RATE = 16000


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out_dir", type=Path)
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--seconds", type=float, default=0.5)
    args = p.parse_args()
    if shutil.which("flac") is None:
        sys.exit("make_many_recordings: the reference `flac` tool is needed (Debian: apt-get install flac)")
    speech = bytearray()
    for flac in sorted((REPO_ROOT / "data-samples/LibriSpeech/test-clean").rglob("*.flac")):
        speech += subprocess.run(["flac", "-d", "-c", "-s", "--force-raw-format", "--endian=little",
                                  "--sign=signed", str(flac)], check=True, stdout=subprocess.PIPE).stdout
    piece = int(args.seconds * RATE) * 2
    offset = 0
    for i in range(args.count):
        if offset + piece > len(speech):
            offset = 0
        folder = args.out_dir / f"part{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        with wave.open(str(folder / f"rec{i:06d}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(speech[offset:offset + piece])
        offset += piece
    print(f"wrote {args.count} recordings of {args.seconds} s under {args.out_dir}")


if __name__ == "__main__":
    main()
