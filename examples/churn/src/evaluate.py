"""Score the model on the test set: metrics.json for gates and experiments, and two plot
files (a confusion table and ROC points) in DVC's plots format."""
import csv
import json
import os
import pickle
import sys

import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score, roc_curve

from features import FEATURES, LABEL
from params import load_params


def evaluate(model, test: pd.DataFrame, threshold: float) -> tuple:
    proba = model.predict_proba(test[FEATURES])[:, 1]
    predicted = (proba >= threshold).astype(int)
    actual = test[LABEL].to_numpy()
    metrics = {
        "accuracy": round(float(accuracy_score(actual, predicted)), 4),
        "f1": round(float(f1_score(actual, predicted)), 4),
        "precision": round(float(precision_score(actual, predicted, zero_division=0)), 4),
        "recall": round(float(recall_score(actual, predicted)), 4),
        "roc_auc": round(float(roc_auc_score(actual, proba)), 4),
    }
    return metrics, actual, predicted, proba


def main() -> None:
    model_path, test_path = sys.argv[1], sys.argv[2]
    threshold = float(load_params("evaluate").get("threshold", 0.5))
    with open(model_path, "rb") as f:
        model = pickle.load(f)
    test = pd.read_csv(test_path)
    metrics, actual, predicted, proba = evaluate(model, test, threshold)
    with open("metrics.json", "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")
    os.makedirs("plots", exist_ok=True)
    with open("plots/confusion.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["actual", "predicted"])
        w.writerows(zip(actual.tolist(), predicted.tolist()))
    fpr, tpr, _ = roc_curve(actual, proba)
    with open("plots/roc.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["fpr", "tpr"])
        w.writerows((f"{a:.4f}", f"{b:.4f}") for a, b in zip(fpr, tpr))
    print("evaluate: " + " ".join(f"{k}={v}" for k, v in metrics.items()))


if __name__ == "__main__":
    main()
