"""Read the zip archives torch writes (torch.save state dicts, torch.jit.save modules) without torch.

Both are a ZIP whose data.pkl pickles the object tree, with every tensor a
``torch._utils._rebuild_tensor_v2`` call over a persistent storage stored as ``data/<key>``. This
module unpickles that with the standard library and returns tensors as float32 numpy arrays
(float16, bfloat16 and float64 storages are converted); TorchScript objects come back as
ScriptObject instances whose attributes are their fields.
"""

import io
import pickle
import zipfile
from collections import OrderedDict

import numpy as np

STORAGE_DTYPES = {"FloatStorage": "<f4", "HalfStorage": "<f2", "BFloat16Storage": "bf16", "DoubleStorage": "<f8"}
ITEM_SIZES = {"<f4": 4, "<f2": 2, "bf16": 2, "<f8": 8}


class ScriptObject:
    """A TorchScript object from a module archive: BUILD puts its fields in __dict__."""


def to_float32(buffer, dtype, shape):
    """float32 array of `shape` from raw little-endian values of `dtype` ('<f4', '<f2', 'bf16', '<f8')."""
    if dtype == "bf16":  # bfloat16 is the high half of a float32
        return (np.frombuffer(buffer, dtype="<u2").astype(np.uint32) << 16).view("<f4").reshape(shape)
    return np.frombuffer(buffer, dtype=dtype).astype(np.float32).reshape(shape)


class _Unpickler(pickle.Unpickler):
    def __init__(self, archive, prefix):
        super().__init__(io.BytesIO(archive.read(prefix + "data.pkl")))
        self.archive, self.prefix = archive, prefix

    def find_class(self, module, name):
        if module.startswith("__torch__."):
            return ScriptObject
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor
        if module == "torch" and name in STORAGE_DTYPES:
            return STORAGE_DTYPES[name]
        if (module, name) == ("collections", "OrderedDict"):
            return OrderedDict
        raise pickle.UnpicklingError(f"unexpected global {module}.{name} in {self.prefix}data.pkl")

    def persistent_load(self, pid):
        _, dtype, key, _, _ = pid
        buffer = self.archive.read(f"{self.prefix}data/{key}")
        return to_float32(buffer, dtype, [len(buffer) // ITEM_SIZES[dtype]])


def _rebuild_tensor(storage, offset, shape, stride, requires_grad=False, hooks=None, metadata=None):
    view = np.lib.stride_tricks.as_strided(storage[offset:], shape, [s * 4 for s in stride])
    return np.ascontiguousarray(view)


def load(path):
    """The unpickled data.pkl of a torch zip archive at `path`."""
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path} is not a zip archive (torch's legacy pre-1.6 format is not read)")
    with zipfile.ZipFile(path) as archive:
        pkl = next((n for n in archive.namelist() if n.endswith("data.pkl")), None)
        if pkl is None:
            raise ValueError(f"{path} has no data.pkl")
        return _Unpickler(archive, pkl[: -len("data.pkl")]).load()


def module_weights(path):
    """{dotted name: array} of every tensor field in a TorchScript module archive."""
    weights = {}

    def walk(obj, prefix):
        for name, value in vars(obj).items():
            if isinstance(value, ScriptObject):
                walk(value, f"{prefix}{name}.")
            elif isinstance(value, np.ndarray):
                weights[prefix + name] = value

    walk(load(path), "")
    return weights
