"""Fit the classifier described by `train` in params.yaml and pickle it. Under `ponte run`,
the training curve (gradient boosting's loss per stage) goes to the run as step-wise metrics."""
import json
import os
import pickle
import sys

import pandas as pd

from features import FEATURES, LABEL, build_model
from params import load_params


def log_metric(key: str, value: float, step: int = 0) -> None:
    """Ponte's step-metrics file: one JSON line per value (`ponte log-metric` does the same)."""
    path = os.environ.get("PONTE_METRICS_FILE")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"key": key, "value": float(value), "step": step}) + "\n")


def main() -> None:
    train_path, model_path = sys.argv[1], sys.argv[2]
    params = load_params("train")
    train = pd.read_csv(train_path)
    model = build_model(params)
    model.fit(train[FEATURES], train[LABEL])
    classifier = model.named_steps["classifier"]
    for step, loss in enumerate(getattr(classifier, "train_score_", [])):
        log_metric("train_loss", loss, step)
    log_metric("train_accuracy", model.score(train[FEATURES], train[LABEL]))
    os.makedirs(os.path.dirname(model_path) or ".", exist_ok=True)
    with open(model_path, "wb") as f:
        pickle.dump(model, f)
    print(f"train: {params.get('model', 'logistic')} fitted on {len(train)} rows -> {model_path}")


if __name__ == "__main__":
    main()
