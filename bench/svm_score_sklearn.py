#!/usr/bin/env python3
"""scikit-learn's and numpy's side of bench/svm/main.ts: scores the same rbf models and rows.

    /usr/bin/python3 bench/svm_score_sklearn.py DIR

DIR holds what the TypeScript side wrote: pool.f64 (normal values; support vectors and rows
are contiguous slices of it), coef.f64 (positive dual coefficients, sliced the same way) and
spec.json (the workloads: the bench sends one per run, right after timing its own side). For
each workload two methods are timed:

- sklearn: OneClassSVM.decision_function (libsvm's svm_predict_values, kernel by kernel);
- numpy:   the matrix form exp(-gamma * (|x|^2 + |sv|^2 - 2 x.sv)) @ coef + intercept, one
           GEMM per call, |sv|^2 computed once per model outside the clock (model loading).

Run with OMP/OPENBLAS/MKL_NUM_THREADS=1 (the caller sets them): one core. Times are process
CPU seconds, the best of `reps` passes. Prints JSON {workload: {method: seconds}} on stdout
and writes each method's decisions to DIR/<workload>.<method>.f64 for the accuracy check.
"""

import json
import sys
import time

import numpy as np

from sklearn_swap import fitted_template, swapped_ocsvm


def numpy_decision(x, sv, ss, coef, intercept, gamma):
    d2 = x @ sv.T
    d2 *= -2.0
    d2 += (x * x).sum(axis=1)[:, None]
    d2 += ss[None, :]
    np.maximum(d2, 0.0, out=d2)
    d2 *= -gamma
    np.exp(d2, out=d2)
    return d2 @ coef + intercept


def best_of(reps, run):
    best = float("inf")
    out = None
    for _ in range(reps):
        start = time.process_time()
        out = run()
        best = min(best, time.process_time() - start)
    return best, out


def main():
    folder = sys.argv[1]
    pool = np.fromfile(f"{folder}/pool.f64", dtype="<f8")
    coefs = np.fromfile(f"{folder}/coef.f64", dtype="<f8")
    with open(f"{folder}/spec.json") as f:
        spec = json.load(f)
    template = fitted_template(2)
    timings = {}
    for w in spec["workloads"]:
        d, n_sv, gamma, n_rows = w["d"], w["nSupport"], w["gamma"], w["rowsPerModel"]
        models = []
        for m in w["models"]:
            sv = pool[m["sv"]:m["sv"] + n_sv * d].reshape(n_sv, d)
            coef = coefs[m["coef"]:m["coef"] + n_sv]
            x = pool[m["rows"]:m["rows"] + n_rows * d].reshape(n_rows, d)
            models.append((swapped_ocsvm(template, sv, coef, m["intercept"], gamma), x, sv,
                           (sv * sv).sum(axis=1), coef, m["intercept"]))

        def run_sklearn():
            return np.concatenate([est.decision_function(x) for est, x, *_ in models])

        def run_numpy():
            return np.concatenate([numpy_decision(x, sv, ss, coef, b, gamma)
                                   for _, x, sv, ss, coef, b in models])

        timings[w["name"]] = {}
        for method, run in (("sklearn", run_sklearn), ("numpy", run_numpy)):
            seconds, decisions = best_of(spec["reps"], run)
            timings[w["name"]][method] = seconds
            decisions.astype("<f8").tofile(f"{folder}/{w['name']}.{method}.f64")
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
