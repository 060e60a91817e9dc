#!/usr/bin/env python3
"""scikit-learn's side of bench/svm-fit.ts: times OneClassSVM.fit on the cases it wrote.

    /usr/bin/python3 bench/svm_fit_sklearn.py CASES.json

CASES.json is a list of {name, rows (flat, row-major), nFeatures, params (FitParams names)}.
Prints a JSON list of {ms, nIter, nSupport}: the median wall time over fits repeated for
about a second (3 to 50, after one warm-up), like the TypeScript side.
"""

import json
import sys
import time

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import OneClassSVM


def estimator(params):
    svm = OneClassSVM(kernel=params.get("kernel", "rbf"), nu=params.get("nu", 0.5),
                      gamma=params.get("gamma", "scale"), degree=params.get("degree", 3),
                      coef0=params.get("coef0", 0.0), tol=params.get("tol", 1e-3),
                      shrinking=params.get("shrinking", True),
                      max_iter=params.get("maxIter", -1))
    if params.get("standardize", False):
        return Pipeline([("scaler", StandardScaler()), ("svm", svm)])
    return svm


def time_case(case):
    X = np.array(case["rows"], dtype=np.float64).reshape(-1, case["nFeatures"])
    warm = estimator(case["params"]).fit(X)
    svm = warm.steps[-1][1] if isinstance(warm, Pipeline) else warm
    times = []
    until = time.perf_counter() + 1.0
    while len(times) < 3 or (len(times) < 50 and time.perf_counter() < until):
        est = estimator(case["params"])
        start = time.perf_counter()
        est.fit(X)
        times.append((time.perf_counter() - start) * 1000)
    return {"ms": sorted(times)[len(times) // 2], "nIter": int(svm.n_iter_),
            "nSupport": int(len(svm.support_))}


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    print(json.dumps([time_case(case) for case in cases]))


if __name__ == "__main__":
    main()
