#!/usr/bin/python3
"""Golden L2-regularised logistic regressions from scikit-learn, for lib/ToxicComments/Training/Probing/LogisticRegression.

Each case: features, 0/1 labels, the L2 strength (scikit-learn's C = 1 / l2), the weight of positive rows (sample_weight),
and the coefficients and intercept scikit-learn fits. Its two Newton solvers (conjugate gradient and Cholesky) must agree to 1e-9 before a case is written,
so the fixture holds the optimum, not one solver's stopping point.
Debian's python3-sklearn (1.2.1) is enough: `apt-get install -y python3-sklearn`.
Run from the repository root: /usr/bin/python3 tools/sklearn-fixtures/make_logistic_fixtures.py
"""
import json
import pathlib

import numpy
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = pathlib.Path("tests/ToxicComments.Tests/Fixtures/metrics/sklearn-logistic-regression.json")


def fit(solver, x, y, l2, positive_weight):
    model = LogisticRegression(C=1.0 / l2, solver=solver, tol=1e-10, max_iter=100000)
    model.fit(x, y, sample_weight=numpy.where(y == 1, positive_weight, 1.0))
    return model.coef_[0], model.intercept_[0]


def case(name, rng, rows, width, prevalence, l2, positive_weight, scale):
    # Rounded as the fixture stores them, so that the fit is of exactly the stored features.
    x = (rng.standard_normal((rows, width)) * scale + rng.standard_normal(width)).round(6)
    truth = x @ rng.standard_normal(width) / numpy.sqrt(width)
    y = (truth + rng.standard_normal(rows) > numpy.quantile(truth, 1 - prevalence)).astype(int)
    coef, intercept = fit("newton-cg", x, y, l2, positive_weight)
    check_coef, check_intercept = fit("newton-cholesky", x, y, l2, positive_weight)
    assert numpy.max(numpy.abs(coef - check_coef)) < 1e-9 and abs(intercept - check_intercept) < 1e-9, name
    return {"name": name, "l2": l2, "positive_weight": positive_weight, "features": x.tolist(), "labels": y.tolist(),
            "coefficients": coef.tolist(), "intercept": float(intercept)}


def main():
    rng = numpy.random.RandomState(7)
    cases = [
        case("balanced", rng, 200, 6, 0.5, 1.0, 1.0, 1.0),
        case("rare positives, weighted", rng, 300, 8, 0.04, 10.0, 5.0, 2.0),
        case("nearly separable, weak penalty", rng, 120, 4, 0.3, 0.01, 1.0, 4.0),
    ]
    OUT.write_text(json.dumps({"sklearn": sklearn.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {OUT}")


main()
