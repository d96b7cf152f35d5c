#!/usr/bin/python3
"""Golden multilabel metric fixtures from scikit-learn itself.

For each case (true labels, scores, and the 0/1 predictions `score >= 0.5`), writes what scikit-learn returns for
classification_report(output_dict=True) with zero_division 0 and 1, roc_auc_score per label (null where only one class
is present, where scikit-learn raises), roc_auc_score on the 0/1 predictions (the tutorial's figure), average_precision_score
per label and macro, hamming_loss and accuracy_score, so that the C# tests check lib/ToxicComments/Evaluation without Python.
Debian's python3-sklearn (1.2.1) and python3-numpy (1.24.2) are enough: `apt-get install -y python3-sklearn`.
Run from the repository root: /usr/bin/python3 tools/sklearn-fixtures/make_metric_fixtures.py
"""
import json
import pathlib
import warnings

import numpy
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (accuracy_score, average_precision_score, classification_report, hamming_loss,
                             roc_auc_score)

OUT = pathlib.Path("tests/ToxicComments.Tests/Fixtures/metrics/sklearn-multilabel-metrics.json")
LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def random_case(rng, rows, decimals):
    """Labels with Jigsaw-like, uneven prevalence; scores that lean towards the truth; rounding makes ties."""
    prevalence = numpy.array([0.3, 0.05, 0.2, 0.02, 0.15, 0.04])
    y_true = (rng.random_sample((rows, 6)) < prevalence).astype(int)
    score = numpy.clip(0.35 * y_true + 0.65 * rng.random_sample((rows, 6)), 0, 1)
    if decimals is not None:
        score = numpy.round(score, decimals)
    return y_true, score


def adversarial_case(rng, rows):
    """One label never positive, one always positive, one never predicted, one constant score, heavy ties, one perfect."""
    y_true, score = random_case(rng, rows, 1)
    y_true[:, 0] = 0                           # no positives: support 0, ROC AUC undefined
    y_true[:, 1] = 1                           # no negatives: ROC AUC undefined
    score[:, 2] = numpy.minimum(score[:, 2], 0.4)   # never predicted: precision 0/0
    score[:, 3] = 0.5                          # every score tied: one ROC step, AUC 0.5
    score[:, 5] = numpy.where(y_true[:, 5] == 1, 0.9, 0.1)  # perfect separation
    return y_true, score


def metrics(name, y_true, score):
    y_pred = (score >= 0.5).astype(int)
    reports = {}
    for zero_division in (0, 1):
        reports[str(zero_division)] = classification_report(
            y_true, y_pred, target_names=LABELS, output_dict=True, zero_division=zero_division)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", UserWarning)
        roc_auc, roc_auc_pred = [], []
        for j in range(6):
            defined = len(numpy.unique(y_true[:, j])) == 2
            roc_auc.append(roc_auc_score(y_true[:, j], score[:, j]) if defined else None)
            roc_auc_pred.append(roc_auc_score(y_true[:, j], y_pred[:, j]) if defined else None)
        average_precision = average_precision_score(y_true, score, average=None).tolist()
        average_precision_macro = average_precision_score(y_true, score, average="macro")
    return {
        "name": name,
        "y_true": y_true.tolist(),
        "y_score": score.tolist(),
        "y_pred": y_pred.tolist(),
        "classification_report": reports,
        "roc_auc": roc_auc,
        "roc_auc_macro": roc_auc_score(y_true, score, average="macro") if None not in roc_auc else None,
        "roc_auc_on_predictions": roc_auc_pred,
        "average_precision": average_precision,
        "average_precision_macro": average_precision_macro,
        "hamming_loss": hamming_loss(y_true, y_pred),
        "accuracy": accuracy_score(y_true, y_pred),
    }


rng = numpy.random.RandomState(20261125)
tiny_true = numpy.array([[1, 0, 1, 0, 0, 0], [0, 0, 1, 0, 1, 0], [1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1]])
tiny_score = numpy.array([[0.9, 0.1, 0.6, 0.2, 0.5, 0.0],
                          [0.4, 0.3, 0.4, 0.2, 0.8, 0.3],
                          [0.4, 0.0, 0.7, 0.2, 0.1, 0.3],
                          [0.6, 0.2, 0.1, 0.6, 0.5, 0.9]])
cases = [
    metrics("tiny", tiny_true, tiny_score),
    metrics("random-ties", *random_case(rng, 300, 2)),
    metrics("random-continuous", *random_case(rng, 400, None)),
    metrics("adversarial", *adversarial_case(rng, 250)),
    metrics("all-negative", numpy.zeros((20, 6), dtype=int), numpy.round(rng.random_sample((20, 6)) * 0.49, 3)),
]

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({
    "generator": f"scikit-learn {sklearn.__version__}, numpy {numpy.__version__}",
    "labels": LABELS,
    "threshold": 0.5,
    "cases": cases,
}, indent=None, separators=(",", ":")) + "\n")
print(f"wrote {OUT} ({len(cases)} cases, {OUT.stat().st_size} bytes)")
