"""Tests of the data: the generator is deterministic and plausible, the split is clean."""
import pandas as pd

from generate import COLUMNS, generate
from prepare import split


def frame(rows=600, seed=3):
    return pd.DataFrame(generate(rows, seed), columns=COLUMNS).replace({"income": {"": None}}).astype({"income": float})


def test_generate_is_deterministic():
    assert generate(50, 1) == generate(50, 1)
    assert generate(50, 1) != generate(50, 2)


def test_generated_columns_are_in_range():
    df = frame()
    assert list(df.columns) == COLUMNS
    assert df["age"].between(18, 80).all()
    assert set(df["plan"]) <= {"basic", "pro"}
    assert df["tenure_months"].between(0, 72).all()
    assert set(df["churned"]) == {0, 1}
    assert df["income"].isna().mean() < 0.02


def test_split_is_disjoint_and_stratified():
    df = frame()
    train, test, reference = split(df, test_size=0.25, reference_size=0.3, seed=7)
    assert len(train) + len(test) == len(df)
    assert not set(train["customer_id"]) & set(test["customer_id"])
    assert set(reference["customer_id"]) <= set(train["customer_id"])
    assert abs(train["churned"].mean() - test["churned"].mean()) < 0.05
