"""Synthesize a customer-churn table, deterministically from a seed.

The same --rows and --seed always give the same bytes, so the pipeline's hashes are stable.
Churn depends on the features through a known logistic model plus noise. It also seeds the
production dataset (header only) when it is absent: the source dataset that `ponte retrain`
appends labelled production traffic to, which no stage ever overwrites.
"""
import argparse
import csv
import os

import numpy as np

COLUMNS = ["customer_id", "age", "income", "plan", "tenure_months", "monthly_charges",
           "support_calls", "churned"]
# The production dataset's columns: Ponte's prediction id stands in for the customer id.
PRODUCTION_COLUMNS = ["prediction_id"] + COLUMNS[1:]


# The world the training data comes from: who the customers are and why they churn. The traffic
# generator (traffic.py) draws production rows from this world or from a changed one.
BASELINE = {
    "age": (18, 81), "income_mean": 10.6, "pro_share": 0.35, "tenure": (0, 73),
    "charges": {"pro": 70.0, "basic": 35.0}, "calls": 1.2,
    # how sharply the logit decides: the larger, the less churn is left to chance
    "scale": 1.4,
    # churn logit: intercept, per tenure month, per support call, per unit of charges above 45,
    # per year of age above 45, for the pro plan, per 40,000 of income above 40,000
    "logit": {"intercept": -0.1, "tenure": -0.07, "calls": 0.95, "charges": 0.035, "age": -0.025,
              "pro": -0.6, "income": -0.4},
}


def draw(rows: int, rng: np.random.RandomState, world: dict = BASELINE) -> dict:
    """Columns of `rows` customers drawn from `world` (the draw order is fixed: same rng, same rows)."""
    w, k = world, world["logit"]
    age = rng.randint(*w["age"], size=rows)
    income = np.round(rng.lognormal(mean=w["income_mean"], sigma=0.45, size=rows), 2)
    plan = np.where(rng.rand(rows) < w["pro_share"], "pro", "basic")
    tenure = rng.randint(*w["tenure"], size=rows)
    charges = np.round(np.where(plan == "pro", w["charges"]["pro"], w["charges"]["basic"])
                       + rng.normal(0, 8, size=rows), 2)
    calls = rng.poisson(w["calls"], size=rows)
    logit = (k["intercept"] + k["tenure"] * tenure + k["calls"] * calls + k["charges"] * (charges - 45)
             + k["age"] * (age - 45) + k["pro"] * (plan == "pro") + k["income"] * (income / 40000 - 1))
    churned = (rng.rand(rows) < 1 / (1 + np.exp(-w["scale"] * logit))).astype(int)
    # About 0.5% of incomes are unknown, as in real CRM exports.
    missing = rng.rand(rows) < 0.005
    return {"age": age, "income": income, "plan": plan, "tenure": tenure, "charges": charges,
            "calls": calls, "churned": churned, "missing": missing}


def generate(rows: int, seed: int, world: dict = BASELINE, prefix: str = "C") -> list:
    c = draw(rows, np.random.RandomState(seed), world)
    out = []
    for i in range(rows):
        out.append({
            "customer_id": f"{prefix}{seed:03d}{i:06d}",
            "age": int(c["age"][i]),
            "income": "" if c["missing"][i] else f"{c['income'][i]:.2f}",
            "plan": c["plan"][i],
            "tenure_months": int(c["tenure"][i]),
            "monthly_charges": f"{c['charges'][i]:.2f}",
            "support_calls": int(c["calls"][i]),
            "churned": int(c["churned"][i]),
        })
    return out


def write_csv(rows: list, path: str, columns: list = COLUMNS) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def seed_production(path: str) -> bool:
    """Writes the production dataset's header when the file is absent; never touches one that exists."""
    if os.path.exists(path):
        return False
    write_csv([], path, PRODUCTION_COLUMNS)
    return True


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=4000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", default="data/raw.csv")
    p.add_argument("--production", default="data/production.csv",
                   help="the production dataset to seed with its header when absent")
    a = p.parse_args()
    if a.rows < 10:
        p.error("--rows must be at least 10")
    write_csv(generate(a.rows, a.seed), a.out)
    print(f"generate: wrote {a.rows} rows to {a.out}")
    if seed_production(a.production):
        print(f"generate: seeded {a.production} (header only)")


if __name__ == "__main__":
    main()
