#!/usr/bin/python3
"""Golden fixtures for DeLong's paired test of two ROC AUCs (lib/ToxicComments/Evaluation/RocAucComparison.cs).

The reference follows DeLong, DeLong and Clarke-Pearson (1988) literally, over every positive-negative pair:
psi(x, y) = 1 if x > y, 1/2 if x == y, 0 otherwise; each positive's placement V10 is psi averaged over the
negatives, each negative's V01 psi averaged over the positives; S10 and S01 are their unbiased covariance matrices
across the two models, and Var(A - B) = (S10[0,0] + S10[1,1] - 2 S10[0,1]) / m + (the same of S01) / n. The C#
code gets the placements from midranks instead (Sun and Xu 2014), so the two are independent. The areas are checked
against scikit-learn's roc_auc_score and the two-sided p-value comes from SciPy's normal distribution.
Debian's python3-sklearn (1.2.1, with NumPy 1.24.2 and SciPy 1.10.1) is enough: `apt-get install -y python3-sklearn`.
Run from the repository root: /usr/bin/python3 tools/sklearn-fixtures/make_delong_fixtures.py
"""
import json
import pathlib

import numpy
import scipy
from scipy import special, stats
from sklearn.metrics import roc_auc_score

OUT = pathlib.Path("tests/ToxicComments.Tests/Fixtures/metrics/delong-paired-roc-auc.json")


def delong(y, a, b):
    x_idx, y_idx = numpy.flatnonzero(y == 1), numpy.flatnonzero(y == 0)
    m, n = len(x_idx), len(y_idx)
    v10, v01 = [], []
    for s in (a, b):
        psi = (s[x_idx][:, None] > s[y_idx][None, :]) + 0.5 * (s[x_idx][:, None] == s[y_idx][None, :])
        v10.append(psi.mean(axis=1))
        v01.append(psi.mean(axis=0))
    areas = [v.mean() for v in v10]
    for area, s in zip(areas, (a, b)):
        assert abs(area - roc_auc_score(y, s)) < 1e-12, "the placements' mean is not scikit-learn's ROC AUC"
    s10, s01 = numpy.cov(numpy.array(v10)), numpy.cov(numpy.array(v01))
    cov = s10 / m + s01 / n
    variance = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    se = float(numpy.sqrt(max(variance, 0.0)))
    diff = areas[0] - areas[1]
    z = diff / se if se > 0 else 0.0
    return {
        "first": areas[0], "second": areas[1], "difference": diff, "standard_error": se,
        "first_standard_error": float(numpy.sqrt(cov[0, 0])), "second_standard_error": float(numpy.sqrt(cov[1, 1])),
        "z": z, "p_value": float(2 * stats.norm.sf(abs(z))),
    }


def case(name, y, a, b):
    y, a, b = numpy.asarray(y), numpy.asarray(a, dtype=float), numpy.asarray(b, dtype=float)
    return {"name": name, "labels": y.tolist(), "first": a.tolist(), "second": b.tolist(), "expected": delong(y, a, b)}


rng = numpy.random.RandomState(2024)
cases = [case("hand: 3 positives, 4 negatives", [1, 0, 1, 0, 0, 1, 0], [0.9, 0.3, 0.6, 0.65, 0.1, 0.8, 0.2],
              [0.7, 0.5, 0.4, 0.2, 0.3, 0.9, 0.6])]

# Two correlated models: a shared signal plus noise of their own; no ties.
y = (rng.random_sample(300) < 0.2).astype(int)
shared = y + rng.normal(0, 1.0, 300)
cases.append(case("300 rows, correlated, no ties", y, shared + rng.normal(0, 0.5, 300), shared + rng.normal(0, 0.8, 300)))

# Rounded to one decimal: heavy ties within and across the classes.
y = (rng.random_sample(400) < 0.3).astype(int)
cases.append(case("400 rows, heavy ties", y, numpy.round(numpy.clip(0.3 * y + 0.7 * rng.random_sample(400), 0, 1), 1),
                  numpy.round(numpy.clip(0.2 * y + 0.8 * rng.random_sample(400), 0, 1), 1)))

# Jigsaw's identity_hate on the scored test rows: 18 positives in about a thousand, two good models.
y = numpy.zeros(1027, dtype=int)
y[rng.choice(1027, 18, replace=False)] = 1
shared = 2.2 * y + rng.normal(0, 1.0, 1027)
cases.append(case("1,027 rows, 18 positives", y, 1 / (1 + numpy.exp(-(shared + rng.normal(0, 0.6, 1027)))),
                  1 / (1 + numpy.exp(-(shared + rng.normal(0, 0.4, 1027))))))

# The same scores twice: no difference and no variance of it.
y = (rng.random_sample(50) < 0.4).astype(int)
same = rng.random_sample(50)
cases.append(case("the same scores twice", y, same, same))

erfc = [{"x": x, "erfc": float(special.erfc(x))} for x in [0, 1e-3, 0.1, 0.5, 1, 1.5, 2, 2.5, 2.9999, 3, 3.5, 4, 5, 6, 8, 10, 20]]

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({
    "generator": f"tools/sklearn-fixtures/make_delong_fixtures.py (NumPy {numpy.__version__}, SciPy {scipy.__version__})",
    "cases": cases,
    "erfc": erfc,
}, indent=1) + "\n")
print(f"wrote {OUT}: {len(cases)} cases, {len(erfc)} erfc values")
