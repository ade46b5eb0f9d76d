"""Production traffic for the churn model: customers drawn from the world the training data came
from, or, with --drift, from the world after a change (a price rise and a competitor's offer to
pro customers: prices, the plan mix, tenure, age and support calls shift, and so does why people
churn). `send` posts each customer to the backend's monitoring proxy and writes the true labels,
keyed by the Ponte-Prediction-Id it answered, to a CSV for `ponte feedback` to send later (labels
arrive after the predictions, as they do in production). `sample` writes the rows to a CSV.
"""
import argparse
import csv
import http.client
import json
import os
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from generate import BASELINE, COLUMNS, generate, write_csv

# After the change: prices up by 12, the upsell campaign moved customers to pro, many customers
# are new (shorter tenure) and younger, support is busier. Pro customers are no longer loyal (the
# competitor targets them) and price matters more: a model of the old world ranks them wrongly.
DRIFTED = {
    **BASELINE,
    "age": (18, 56), "income_mean": 10.9, "pro_share": 0.6, "tenure": (6, 97),
    "charges": {"pro": 82.0, "basic": 47.0},
    "scale": 3.0,
    "logit": {**BASELINE["logit"], "intercept": 1.0, "pro": 2.5, "tenure": -0.1},
}

FEATURES = [c for c in COLUMNS if c not in ("customer_id", "churned")]


def customers(rows: int, seed: int, drift: bool) -> list:
    # A prefix of their own: production customers never share an id with the training rows.
    return generate(rows, seed, DRIFTED if drift else BASELINE, prefix="D" if drift else "P")


def features_of(row: dict) -> dict:
    out = {}
    for name in FEATURES:
        v = row[name]
        if name == "income":
            v = float(v) if v != "" else None
        elif name == "monthly_charges":
            v = float(v)
        out[name] = v
    return out


def local_server(project: str) -> tuple:
    """The URL and token of the `ponte serve` this project runs (.ponte/server.json)."""
    path = os.path.join(project, ".ponte", "server.json")
    try:
        with open(path) as f:
            info = json.load(f)
    except OSError:
        sys.exit(f"traffic: no backend: {path} is missing; start one with 'ponte serve' or pass --backend URL")
    return info["url"], info.get("token")


def send(rows: list, backend: str, token: str, deployment: str, labels_path: str, workers: int = 4) -> dict:
    """Posts each row's features, `workers` requests at a time (each on its own kept-alive
    connection), and writes the labels keyed by the prediction ids, in the rows' order."""
    url = urllib.parse.urlsplit(backend)
    path = url.path.rstrip("/") + "/deployments/" + urllib.parse.quote(deployment, safe="") + "/predict"
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    local = threading.local()

    def post(row: dict):
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
        local.conn.request("POST", path, body=json.dumps(features_of(row)).encode(), headers=headers)
        res = local.conn.getresponse()
        body = res.read()
        pid = res.getheader("ponte-prediction-id")
        return (pid, row["churned"]) if res.status == 200 and pid else (None, f"HTTP {res.status}: {body[:200].decode(errors='replace')}")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = list(pool.map(post, rows))
    labels = [a for a in answers if a[0] is not None]
    errors = [a[1] for a in answers if a[0] is None]
    if errors:
        print(f"traffic: {len(errors)} requests failed; the first: {errors[0]}", file=sys.stderr)
    os.makedirs(os.path.dirname(os.path.abspath(labels_path)), exist_ok=True)
    with open(labels_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "label"])
        w.writerows(labels)
    return {"sent": len(rows), "errors": len(errors), "labels": len(labels), "labels_file": labels_path}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("send", "sample"):
        s = sub.add_parser(name)
        s.add_argument("--rows", type=int, required=True)
        s.add_argument("--seed", type=int, required=True)
        s.add_argument("--drift", action="store_true", help="draw from the world after the change")
    sub.choices["sample"].add_argument("--out", required=True)
    s = sub.choices["send"]
    s.add_argument("--deployment", default="production")
    s.add_argument("--backend", help="the backend's URL (default: the local server of --project)")
    s.add_argument("--token", default=os.environ.get("PONTE_TOKEN"))
    s.add_argument("--project", default=".")
    s.add_argument("--labels", required=True, help="where the id,label CSV for 'ponte feedback' goes")
    a = p.parse_args()
    if a.rows < 1:
        p.error("--rows must be at least 1")
    rows = customers(a.rows, a.seed, a.drift)
    if a.command == "sample":
        write_csv(rows, a.out)
        print(json.dumps({"rows": len(rows), "drift": a.drift, "out": a.out}))
        return
    backend, token = (a.backend, a.token) if a.backend else local_server(a.project)
    result = send(rows, backend, token or a.token, a.deployment, a.labels)
    print(json.dumps({**result, "drift": a.drift}))
    if result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
