#!/usr/bin/python3
"""A reference safetensors file, written byte for byte as Hugging Face's writer writes it.

No safetensors or torch package is needed (PyPI is not reachable here): this follows the published format
(https://github.com/huggingface/safetensors, README "Format") and the writer in safetensors/src/tensor.rs
(`prepare`): tensors sorted by dtype, widest first (the order of its `Dtype` enum, reversed), then by name in
UTF-8 byte order; data packed with no gaps; the header is compact JSON (serde_json: `__metadata__` first, then
the tensors in data order, non-ASCII text unescaped) padded with spaces to a multiple of 8.

Writes, under tests/ToxicComments.Tests/Fixtures/safetensors/:
  reference.safetensors   every dtype the C# reader supports, a scalar, empty tensors, special floats,
                          integer extremes, and names that need JSON escaping or are not ASCII
  reference.json          what each tensor holds: dtype, shape and values (as strings, so NaN, infinities and
                          -0.0 survive JSON), for the C# tests to compare with

Needs only json, struct and NumPy (Debian: apt-get install -y python3-numpy).
Run from the repository root: /usr/bin/python3 tools/safetensors-fixtures/make_fixture.py
"""
import json
import pathlib
import struct

import numpy as np

OUT = pathlib.Path("tests/ToxicComments.Tests/Fixtures/safetensors")

# Hugging Face's Dtype enum order (increasing alignment), restricted to the dtypes the C# reader supports.
DTYPE_ORDER = ["BOOL", "U8", "I8", "I16", "F16", "BF16", "I32", "F32", "F64", "I64"]
NUMPY = {"BOOL": np.bool_, "U8": np.uint8, "I8": np.int8, "I16": np.int16, "F16": np.float16,
         "I32": np.int32, "F32": np.float32, "F64": np.float64, "I64": np.int64}

NAN, INF = float("nan"), float("inf")

# name -> (dtype, shape, values in row-major order)
TENSORS = {
    "distilbert.embeddings.word_embeddings.weight": ("F32", [4, 3], [i * 0.25 - 1.0 for i in range(12)]),
    "f32.special": ("F32", [7], [NAN, INF, -INF, -0.0, 2.0 ** -149, 3.4028234663852886e38, 1.0 / 3.0]),
    "f32.scalar": ("F32", [], [42.5]),
    "f32.empty": ("F32", [0, 3], []),
    "f16.cube": ("F16", [2, 2, 2], [0.5, -1.5, 65504.0, 2.0 ** -24, -0.0, INF, NAN, 0.099975586]),
    "bf16.values": ("BF16", [5], [1.5, -2.0, 3.140625, -INF, 2.0 ** 100]),
    "f64.values": ("F64", [2, 1], [1.0 / 3.0, -2.5e-300]),
    "i64.position_ids": ("I64", [1, 5], [0, 1, 2, 3, 4]),
    "i64.extremes": ("I64", [2], [-(2 ** 63), 2 ** 63 - 1]),
    "i64.empty": ("I64", [0], []),
    "i32.extremes": ("I32", [3], [-(2 ** 31), 0, 2 ** 31 - 1]),
    "i16.extremes": ("I16", [2], [-(2 ** 15), 2 ** 15 - 1]),
    "i8.values": ("I8", [4], [-128, -1, 0, 127]),
    "u8.values": ("U8", [3], [0, 128, 255]),
    "bool.mask": ("BOOL", [2, 2], [True, False, False, True]),
    "wörter.gewicht": ("F16", [1], [1.0]),
    'odd "quoted" \\ name\tend': ("I8", [1], [7]),
}


def raw_bytes(dtype, values):
    if dtype == "BF16":
        # bfloat16 is the upper half of a float32; the values above are exact in bfloat16.
        return (np.array(values, dtype="<f4").view("<u4") >> 16).astype("<u2").tobytes()
    return np.array(values, dtype=np.dtype(NUMPY[dtype]).newbyteorder("<")).tobytes()


def stored_values(dtype, blob):
    """The values as the file holds them, read back from its bytes."""
    if dtype == "BF16":
        return (np.frombuffer(blob, dtype="<u2").astype("<u4") << 16).view("<f4").tolist()
    return np.frombuffer(blob, dtype=np.dtype(NUMPY[dtype]).newbyteorder("<")).tolist()


def as_text(value):
    """A value as C#'s double.Parse / long.Parse read it; strings keep NaN, infinities and -0.0 through JSON."""
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (INF, -INF):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    return str(int(value))


def main():
    order = sorted(TENSORS, key=lambda name: (-DTYPE_ORDER.index(TENSORS[name][0]), name.encode("utf-8")))
    header = {"__metadata__": {"format": "pt"}}
    data = bytearray()
    for name in order:
        dtype, shape, values = TENSORS[name]
        blob = raw_bytes(dtype, values)
        count = 1
        for d in shape:
            count *= d
        assert len(values) == count, name
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reference.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + bytes(data))
    lines = []
    for name in order:
        dtype, shape, values = TENSORS[name]
        entry = {"dtype": dtype, "shape": shape, "values": [as_text(v) for v in stored_values(dtype, raw_bytes(dtype, values))]}
        lines.append(f" {json.dumps(name, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}")
    (OUT / "reference.json").write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{OUT / 'reference.safetensors'}: {8 + len(text) + len(data)} bytes, {len(order)} tensors")


if __name__ == "__main__":
    main()
