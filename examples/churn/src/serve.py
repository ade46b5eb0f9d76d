"""The model behind HTTP: GET /health, and POST /predict with one customer's features (or
{"instances": [...]}) returning churn_probability. Run: python3 src/serve.py (PORT, MODEL_PATH)."""
import os
import pickle
from typing import Any, Dict, List, Optional

import pandas as pd
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from features import FEATURES

MODEL_PATH = os.environ.get("MODEL_PATH", os.path.join(os.path.dirname(__file__), "..", "models", "model.pkl"))


class Customer(BaseModel):
    age: int = Field(..., ge=0, le=130)
    income: Optional[float] = None
    plan: str
    tenure_months: int = Field(..., ge=0)
    monthly_charges: float
    support_calls: int = Field(0, ge=0)


def load_model(path: str = MODEL_PATH):
    with open(path, "rb") as f:
        return pickle.load(f)


def predict_proba(model, customers: List[Dict[str, Any]]) -> List[float]:
    frame = pd.DataFrame([{k: c.get(k) for k in FEATURES} for c in customers], columns=FEATURES)
    frame["income"] = pd.to_numeric(frame["income"], errors="coerce")
    return [round(float(p), 6) for p in model.predict_proba(frame)[:, 1]]


app = FastAPI(title="churn model")
_model = None


def model():
    global _model
    if _model is None:
        _model = load_model()
    return _model


@app.get("/health")
def health() -> dict:
    model()
    return {"status": "ok"}


@app.post("/predict")
def predict(body: Dict[str, Any]) -> dict:
    many = "instances" in body
    raw = body["instances"] if many else [body]
    if not isinstance(raw, list) or not raw:
        raise HTTPException(status_code=422, detail="instances must be a non-empty list")
    try:
        customers = [Customer(**c).dict() for c in raw]
    except (TypeError, ValueError) as e:
        raise HTTPException(status_code=422, detail=str(e))
    probs = predict_proba(model(), customers)
    if many:
        return {"predictions": [{"churn_probability": p} for p in probs]}
    return {"churn_probability": probs[0]}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host=os.environ.get("HOST", "0.0.0.0"), port=int(os.environ.get("PORT", "8080")))
