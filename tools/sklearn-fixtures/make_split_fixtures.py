#!/usr/bin/python3
"""Golden split fixtures from scikit-learn itself.

Writes what `train_test_split(range(n), test_size=f, random_state=seed)` returns, and NumPy's raw MT19937
output, so the C# tests can check that DatasetSplitter picks exactly the rows the Python tutorial picks.
Debian's python3-sklearn (1.2.1) and python3-numpy (1.24.2) are enough: `apt-get install -y python3-sklearn`.
Run from the repository root: /usr/bin/python3 tools/sklearn-fixtures/make_split_fixtures.py
"""
import json
import pathlib

import numpy
import sklearn
from sklearn.model_selection import train_test_split

OUT = pathlib.Path("tests/ToxicComments.Tests/Fixtures/splits/sklearn-train-test-split.json")

cases = []
for n, test_size, seed in [(10, 0.2, 42), (5, 0.2, 42), (101, 0.2, 42), (1000, 0.2, 42), (1000, 0.25, 7),
                           (16225, 0.2, 42), (37, 0.1, 0), (2, 0.5, 123456789)]:
    train, test = train_test_split(list(range(n)), test_size=test_size, random_state=seed)
    cases.append({"n": n, "test_size": test_size, "seed": seed, "train": train, "test": test})

doubles = numpy.random.RandomState(42).random_sample(8).tolist()

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({
    "generator": f"scikit-learn {sklearn.__version__}, numpy {numpy.__version__}",
    "random_sample_seed_42": doubles,
    "cases": cases,
}, indent=None, separators=(",", ":")) + "\n")
print(f"wrote {OUT} ({len(cases)} cases)")
