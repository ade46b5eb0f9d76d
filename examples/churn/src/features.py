"""The model's features and the scikit-learn pipeline around the classifier, shared by
training, evaluation and serving so they can never disagree."""
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["age", "income", "tenure_months", "monthly_charges", "support_calls"]
CATEGORICAL = ["plan"]
FEATURES = NUMERIC + CATEGORICAL
LABEL = "churned"


def build_model(params: dict) -> Pipeline:
    kind = params.get("model", "logistic")
    if kind == "logistic":
        clf = LogisticRegression(C=float(params.get("C", 1.0)),
                                 max_iter=int(params.get("max_iter", 500)))
    elif kind == "gradient_boosting":
        clf = GradientBoostingClassifier(n_estimators=int(params.get("n_estimators", 100)),
                                         learning_rate=float(params.get("learning_rate", 0.1)),
                                         max_depth=int(params.get("max_depth", 3)),
                                         random_state=int(params.get("seed", 0)))
    else:
        raise ValueError(f"train.model must be logistic or gradient_boosting, got {kind!r}")
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), NUMERIC),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    return Pipeline([("features", pre), ("classifier", clf)])
