#!/usr/bin/env python3
"""Regenerates python_whitespace.tsv: every code point for which Python's str.isspace() is true.

That is the set Python's str.strip() removes, and so the set transformers' Wav2Vec2CTCTokenizer
strips from a decoded transcript (convert_tokens_to_string ends in "".join(...).strip()) and jiwer's
Strip and RemoveMultipleSpaces (str.strip() and the \\s of a str regex, the same set) act on. Java's
Character.isWhitespace, behind String.strip(), is a different set. PythonWhitespaceTest checks the
project's definition against this file over every code point, and CtcGreedyDecoderTest and
TextTransformsTest check that decoding and jiwer's transforms strip each of them.

Output: two comment lines (the generator, Python and Unicode versions), then one line per code
point: its hex value (at least four digits) and its Unicode name, or <control> where it has none,
separated by a tab.

Made with the standard library only, from the repository root:

    python3 src/test/resources/ctc/make_python_whitespace_golden.py
"""

import platform
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "python_whitespace.tsv"


def main():
    lines = [
        "# Code points for which Python's str.isspace() is true; made by"
        " make_python_whitespace_golden.py",
        f"# python {platform.python_version()}, unicode {unicodedata.unidata_version}",
    ]
    for code_point in range(0x110000):
        character = chr(code_point)
        if character.isspace():
            lines.append(f"{code_point:04X}\t{unicodedata.name(character, '<control>')}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
