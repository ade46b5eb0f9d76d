"""Join the generated table with the labelled production traffic (the dataset `ponte retrain`
appends to), split it into train and test sets, and keep a reference sample of the training
distribution: the baseline that production traffic is compared with for drift."""
import os
import sys

import pandas as pd
from sklearn.model_selection import train_test_split

from params import load_params


def with_production(raw: pd.DataFrame, production: pd.DataFrame) -> pd.DataFrame:
    """The raw rows followed by the production rows, whose prediction id is their customer id."""
    rows = production.rename(columns={"prediction_id": "customer_id"})[list(raw.columns)]
    return pd.concat([raw, rows], ignore_index=True)


def split(raw: pd.DataFrame, test_size: float, reference_size: float, seed: int):
    train, test = train_test_split(raw, test_size=test_size, random_state=seed,
                                   stratify=raw["churned"])
    reference = train.sample(frac=reference_size, random_state=seed)
    return train.sort_index(), test.sort_index(), reference.sort_index()


def recent_reference(production: pd.DataFrame, reference: pd.DataFrame, recent: int) -> pd.DataFrame:
    """Once a retrain has appended at least `recent` production rows, the newest of them are the
    baseline: the model was retrained for that world, so drift is measured from it (a sample of
    the old world would flag every window of the new one, and the alert would never resolve)."""
    if recent <= 0 or len(production) < recent:
        return reference
    return production.tail(recent)


def main() -> None:
    raw_path, production_path, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    p = load_params("prepare")
    raw = pd.read_csv(raw_path)
    production = pd.read_csv(production_path, dtype={"prediction_id": str})
    train, test, reference = split(with_production(raw, production), p["test_size"], p["reference_size"], p["seed"])
    reference = recent_reference(with_production(raw.iloc[:0], production), reference, p.get("reference_recent", 0))
    os.makedirs(out_dir, exist_ok=True)
    for name, frame in (("train", train), ("test", test), ("reference", reference)):
        frame.to_csv(os.path.join(out_dir, f"{name}.csv"), index=False, lineterminator="\n")
    print(f"prepare: {len(production)} production rows, train={len(train)} test={len(test)} reference={len(reference)}")


if __name__ == "__main__":
    main()
