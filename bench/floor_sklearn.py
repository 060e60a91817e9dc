#!/usr/bin/env python3
"""The Python loop that `pnpm bench:floor` and `pnpm bench:run` time `fleetscore score-csv` against.

    /usr/bin/python3 bench/floor_sklearn.py DATA.csv MODELS_DIR OUT_DIR

What a user replacing the reference batch job with one process would write, and no cleverer:
the csv module reads the TS,Device,Tag,Value file and groups its rows by sensor; for each
sensor with a model_{device}_{tag} file, joblib.load it, `predict` the sensor's values (one
feature), and write preds_{device}_{tag}.csv with the reference's columns
TS,Device,Tag,Val,Prediction — Prediction 1 for an anomaly (predict == -1), else 0; TS and Val
as read, Unix line ends. Sensors without a model are skipped, as score-csv reports them.

The caller sets OMP/OPENBLAS/MKL_NUM_THREADS=1 (one core, like score-csv) and times the whole
process, interpreter start-up and imports included. Prints {"sensors", "rows", "anomalies"}
(scored) as JSON on stdout.
"""

import csv
import json
import os
import sys

import joblib
import numpy as np


def main():
    data, models, out = sys.argv[1], sys.argv[2], sys.argv[3]
    sensors = {}
    with open(data, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        ts_at, device_at, tag_at, value_at = (header.index(c) for c in ("TS", "Device", "Tag", "Value"))
        for row in reader:
            key = (row[device_at], row[tag_at])
            rows = sensors.get(key)
            if rows is None:
                rows = sensors[key] = []
            rows.append((row[ts_at], row[value_at]))

    os.makedirs(out, exist_ok=True)
    scored = rows_scored = anomalies = 0
    for (device, tag), rows in sensors.items():
        path = os.path.join(models, f"model_{device}_{tag}")
        if not os.path.exists(path):
            continue
        model = joblib.load(path)
        values = np.array([float(value) for _, value in rows]).reshape(-1, 1)
        flags = (model.predict(values) == -1).astype(int)
        with open(os.path.join(out, f"preds_{device}_{tag}.csv"), "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["TS", "Device", "Tag", "Val", "Prediction"])
            writer.writerows((ts, device, tag, value, flag) for (ts, value), flag in zip(rows, flags))
        scored += 1
        rows_scored += len(rows)
        anomalies += int(flags.sum())
    print(json.dumps({"sensors": scored, "rows": rows_scored, "anomalies": anomalies}))


if __name__ == "__main__":
    main()
