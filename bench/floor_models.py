#!/usr/bin/env python3
"""Writes the model files of `pnpm bench:floor` and `pnpm bench:run`'s floor, as a user has them.

    /usr/bin/python3 bench/floor_models.py SPEC.jsonl OUTDIR

Each line of SPEC.jsonl is one sensor's rbf model as the bench's fleet defines it:
{"name": "model_dev0_s0", "sv": [...], "coef": [...], "intercept": -0.3, "gamma": 0.5}, one
feature. Each becomes OUTDIR/<name>, a scikit-learn OneClassSVM saved with joblib.dump (a
fitted template with those support vectors swapped in: sklearn_swap.py). Both sides of the
floor load these very files: the Python loop with joblib.load, `fleetscore score-csv` with
its restricted importer (which never executes them). JSON numbers round-trip float64 exactly
both ways, so the models are the fleet's to the bit. Prints the number of files written.
"""

import json
import os
import sys

import joblib
import numpy as np

from sklearn_swap import fitted_template, swapped_ocsvm


def main():
    spec, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    template = fitted_template(1)
    written = 0
    with open(spec) as f:
        for line in f:
            m = json.loads(line)
            sv = np.array(m["sv"], dtype=np.float64).reshape(-1, 1)
            coef = np.array(m["coef"], dtype=np.float64)
            model = swapped_ocsvm(template, sv, coef, m["intercept"], m["gamma"])
            joblib.dump(model, os.path.join(out, m["name"]))
            written += 1
    print(written)


if __name__ == "__main__":
    main()
