"""Fit the classifier described by `train` in params.yaml and pickle it."""
import os
import pickle
import sys

import pandas as pd

from features import FEATURES, LABEL, build_model
from params import load_params


def main() -> None:
    train_path, model_path = sys.argv[1], sys.argv[2]
    params = load_params("train")
    train = pd.read_csv(train_path)
    model = build_model(params)
    model.fit(train[FEATURES], train[LABEL])
    os.makedirs(os.path.dirname(model_path) or ".", exist_ok=True)
    with open(model_path, "wb") as f:
        pickle.dump(model, f)
    print(f"train: {params.get('model', 'logistic')} fitted on {len(train)} rows -> {model_path}")


if __name__ == "__main__":
    main()
