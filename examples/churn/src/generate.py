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


def generate(rows: int, seed: int) -> list:
    rng = np.random.RandomState(seed)
    age = rng.randint(18, 81, size=rows)
    income = np.round(rng.lognormal(mean=10.6, sigma=0.45, size=rows), 2)
    plan = np.where(rng.rand(rows) < 0.35, "pro", "basic")
    tenure = rng.randint(0, 73, size=rows)
    charges = np.round(np.where(plan == "pro", 70.0, 35.0) + rng.normal(0, 8, size=rows), 2)
    calls = rng.poisson(1.2, size=rows)
    logit = (-0.1 - 0.07 * tenure + 0.95 * calls + 0.035 * (charges - 45)
             - 0.025 * (age - 45) - 0.6 * (plan == "pro") - 0.4 * (income / 40000 - 1))
    churned = (rng.rand(rows) < 1 / (1 + np.exp(-1.4 * logit))).astype(int)
    # About 0.5% of incomes are unknown, as in real CRM exports.
    missing = rng.rand(rows) < 0.005
    out = []
    for i in range(rows):
        out.append({
            "customer_id": f"C{seed:03d}{i:06d}",
            "age": int(age[i]),
            "income": "" if missing[i] else f"{income[i]:.2f}",
            "plan": plan[i],
            "tenure_months": int(tenure[i]),
            "monthly_charges": f"{charges[i]:.2f}",
            "support_calls": int(calls[i]),
            "churned": int(churned[i]),
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
