"""Tests of the data: the generator is deterministic and plausible, the split is clean."""
import pandas as pd

from generate import COLUMNS, PRODUCTION_COLUMNS, generate, seed_production
from prepare import recent_reference, split, with_production


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


def test_production_rows_join_the_raw_table_under_their_prediction_id():
    raw = frame(rows=20)
    production = frame(rows=5, seed=4).rename(columns={"customer_id": "prediction_id"})[PRODUCTION_COLUMNS]
    production["prediction_id"] = [f"p{i}" for i in range(5)]
    joined = with_production(raw, production)
    assert list(joined.columns) == COLUMNS
    assert len(joined) == 25
    assert list(joined["customer_id"].tail(5)) == ["p0", "p1", "p2", "p3", "p4"]
    assert joined["churned"].tail(5).tolist() == production["churned"].tolist()


def test_seeding_the_production_dataset_never_overwrites_it(tmp_path):
    path = tmp_path / "production.csv"
    assert seed_production(str(path))
    assert path.read_text() == ",".join(PRODUCTION_COLUMNS) + "\n"
    path.write_text(path.read_text() + "p1,30,1.0,basic,1,2.0,0,1\n")
    assert not seed_production(str(path))
    assert path.read_text().endswith("p1,30,1.0,basic,1,2.0,0,1\n")


def test_the_reference_moves_to_the_newest_production_rows_once_enough_have_arrived():
    reference = frame(rows=30)
    production = frame(rows=12, seed=5)
    assert recent_reference(production.head(9), reference, 10) is reference
    assert recent_reference(production, reference, 0) is reference
    newest = recent_reference(production, reference, 10)
    assert list(newest["customer_id"]) == list(production["customer_id"].tail(10))
