#!/usr/bin/env python3
"""Writes the golden input/output pair for ZeroMeanUnitVarianceNormalizerTest.

Run from this directory:  python3 make_golden.py
Needs only numpy. Output files are little-endian float32 without a header:
  normalize_input.f32     the waveform fed to the normaliser
  normalize_expected.f32  transformers' zero_mean_unit_var_norm formula applied to it, as
                          copied line for line below and run in numpy (transformers itself is
                          not needed: the formula is all numpy; the end-to-end parity files under
                          src/test/resources/parity/ come from transformers' own extractor)

The waveform is speech-like on purpose: a DC offset (so the mean matters), a
Laplacian body with a quiet and a loud stretch (so |output| reaches well above
8, where float32 spacing approaches 1e-6), and 20 s at 16 kHz (so float32
accumulation error in numpy's mean/var is as large as on a long LibriSpeech
utterance).
"""
import numpy as np

SAMPLE_RATE = 16_000
SECONDS = 20

rng = np.random.default_rng(20240611)
n = SAMPLE_RATE * SECONDS
body = rng.laplace(loc=0.0, scale=0.02, size=n)
body[n // 4 : n // 2] *= 0.05  # a near-silent stretch
body[3 * n // 4 :] *= 4.0  # a loud stretch
samples = (0.003 + body).clip(-1.0, 1.0)

# Wav2Vec2FeatureExtractor.__call__ casts float64 input to float32 before normalising.
x = np.asarray(samples, dtype=np.float32)

# Mirrors transformers' Wav2Vec2FeatureExtractor.zero_mean_unit_var_norm (no
# attention mask) line for line:
#     normed_input_values = [(x - x.mean()) / np.sqrt(x.var() + 1e-7) for x in input_values]
normed = (x - x.mean()) / np.sqrt(x.var() + 1e-7)
# __call__ returns float32 input_values whatever numpy's promotion rules made of the above.
normed = np.asarray(normed, dtype=np.float32)

x.astype("<f4").tofile("normalize_input.f32")
normed.astype("<f4").tofile("normalize_expected.f32")

# How far numpy's float32 statistics are from exact ones: this is the error the
# Java side (which accumulates in double) is measured against.
exact = ((x.astype(np.float64) - x.astype(np.float64).mean())
         / np.sqrt(x.astype(np.float64).var() + 1e-7)).astype(np.float32)
print("numpy", np.__version__, "samples", n,
      "max|out|", float(np.abs(normed).max()),
      "max abs diff float32-stats vs float64-stats", float(np.abs(exact - normed).max()))
