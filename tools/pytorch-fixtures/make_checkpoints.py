#!/usr/bin/python3
"""Small pytorch_model.bin files written by PyTorch itself, for the C# reader's tests.

`torch.save(model.state_dict(), "pytorch_model.bin")` is how Hugging Face models were saved before safetensors.
These files come from real torch.save, so the tests see PyTorch's own zip layout and pickle stream, not a
.NET writer's idea of it. PyPI is not reachable here; Debian's package is enough (it pulls in many libraries):
apt-get install -y --no-install-recommends python3-torch   (PyTorch 1.13.1)

Writes, under tests/ToxicComments.Tests/Fixtures/pytorch/:
  pytorch_model.bin        a state dict with every dtype the reader supports, a scalar, empty tensors, and a tied
                           weight (two keys, one storage), as Hugging Face's BERT-style models have
  pytorch_model.json       what each tensor holds (values as strings so NaN and infinities survive JSON)
  legacy.bin               the same state dict in the pre-1.6 format (_use_new_zipfile_serialization=False)
  training-checkpoint.bin  {"model": state_dict, "epoch": 3}: a checkpoint, not a state dict
  view-at-offset.bin       a tensor that is a slice of a larger storage (storage offset > 0)
  transposed.bin           a tensor with non-contiguous strides
  parameters.bin           state_dict(keep_vars=True): nn.Parameter objects instead of tensors

Run from the repository root: /usr/bin/python3 tools/pytorch-fixtures/make_checkpoints.py
"""
import collections
import json
import math
import pathlib

import torch

OUT = pathlib.Path("tests/ToxicComments.Tests/Fixtures/pytorch")


def state_dict():
    torch.manual_seed(0)
    words = torch.randn(5, 4)
    return collections.OrderedDict([
        ("embeddings.word_embeddings.weight", words),
        # Tied to the embeddings, as BERT's masked-LM decoder is: torch.save stores the storage once.
        ("lm_head.decoder.weight", words),
        ("embeddings.LayerNorm.weight", torch.ones(4)),
        ("embeddings.position_ids", torch.arange(8).unsqueeze(0)),
        ("f32.special", torch.tensor([math.nan, math.inf, -math.inf, -0.0, 1.0 / 3.0])),
        ("f32.scalar", torch.tensor(42.5)),
        ("f32.empty", torch.zeros(0, 3)),
        ("f16.values", torch.tensor([[0.5, -1.5], [65504.0, -0.0]], dtype=torch.float16)),
        ("bf16.values", torch.tensor([1.5, -2.0, 3.140625], dtype=torch.bfloat16)),
        ("f64.values", torch.tensor([1.0 / 3.0, -2.5e-300], dtype=torch.float64)),
        ("i32.values", torch.tensor([-(2 ** 31), 0, 2 ** 31 - 1], dtype=torch.int32)),
        ("i16.values", torch.tensor([-(2 ** 15), 2 ** 15 - 1], dtype=torch.int16)),
        ("i8.values", torch.tensor([-128, -1, 0, 127], dtype=torch.int8)),
        ("u8.values", torch.tensor([0, 128, 255], dtype=torch.uint8)),
        ("bool.mask", torch.tensor([[True, False], [False, True]])),
    ])


def as_text(value):
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    return str(int(value))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    sd = state_dict()
    torch.save(sd, OUT / "pytorch_model.bin")
    lines = []
    for name, tensor in sd.items():
        values = tensor.reshape(-1).double().tolist() if tensor.is_floating_point() else tensor.reshape(-1).long().tolist()
        entry = {"dtype": str(tensor.dtype).removeprefix("torch."), "shape": list(tensor.shape), "values": [as_text(v) for v in values]}
        lines.append(f" {json.dumps(name)}: {json.dumps(entry)}")
    (OUT / "pytorch_model.json").write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")

    small = collections.OrderedDict([("weight", torch.arange(6.0).reshape(2, 3))])
    torch.save(small, OUT / "legacy.bin", _use_new_zipfile_serialization=False)
    torch.save({"model": small, "epoch": 3}, OUT / "training-checkpoint.bin")
    storage = torch.arange(10.0)
    torch.save(collections.OrderedDict([("whole", storage), ("tail", storage[4:])]), OUT / "view-at-offset.bin")
    torch.save(collections.OrderedDict([("weight", torch.arange(6.0).reshape(2, 3).t())]), OUT / "transposed.bin")
    torch.save(torch.nn.Linear(3, 2).state_dict(keep_vars=True), OUT / "parameters.bin")

    # Check what was written against what torch reads back, so a fixture never disagrees with PyTorch.
    loaded = torch.load(OUT / "pytorch_model.bin")
    assert list(loaded) == list(sd) and all(torch.equal(loaded[k].nan_to_num(), sd[k].nan_to_num()) for k in sd)
    print(f"torch {torch.__version__}: wrote {', '.join(sorted(p.name for p in OUT.iterdir()))}")


if __name__ == "__main__":
    main()
