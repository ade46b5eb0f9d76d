"""Tests of the model, written as a unittest.TestCase (pytest runs these too): it learns
something real, both model kinds work, and serving gives probabilities."""
import unittest

import pandas as pd

from features import FEATURES, LABEL, build_model
from generate import COLUMNS, generate
from serve import predict_proba


class ModelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        df = pd.DataFrame(generate(1500, 11), columns=COLUMNS)
        df["income"] = pd.to_numeric(df["income"], errors="coerce")
        cls.train, cls.test = df.iloc[:1100], df.iloc[1100:]

    def fit(self, **params):
        model = build_model(params)
        model.fit(self.train[FEATURES], self.train[LABEL])
        return model

    def test_beats_the_majority_class(self):
        model = self.fit(model="logistic")
        accuracy = (model.predict(self.test[FEATURES]) == self.test[LABEL]).mean()
        majority = max(self.test[LABEL].mean(), 1 - self.test[LABEL].mean())
        self.assertGreater(accuracy, majority + 0.05)

    def test_gradient_boosting_fits(self):
        model = self.fit(model="gradient_boosting", n_estimators=20)
        self.assertEqual(len(model.predict(self.test[FEATURES])), len(self.test))

    def test_unknown_model_kind_is_refused(self):
        with self.assertRaises(ValueError):
            build_model({"model": "forest"})

    def test_serving_returns_probabilities(self):
        model = self.fit(model="logistic")
        customers = [
            {"age": 30, "income": 41000.0, "plan": "basic", "tenure_months": 1, "monthly_charges": 60.0, "support_calls": 5},
            {"age": 60, "income": None, "plan": "pro", "tenure_months": 70, "monthly_charges": 65.0, "support_calls": 0},
        ]
        probs = predict_proba(model, customers)
        self.assertEqual(len(probs), 2)
        for p in probs:
            self.assertGreaterEqual(p, 0.0)
            self.assertLessEqual(p, 1.0)
        self.assertGreater(probs[0], probs[1])


if __name__ == "__main__":
    unittest.main()
