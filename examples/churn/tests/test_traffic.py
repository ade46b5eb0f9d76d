"""Tests of the traffic generator: undrifted rows come from the training data's world, drifted
ones from a changed world (the features shift), and `send` posts each customer and keeps the
prediction id the proxy answered with, for the labels sent later."""
import csv
import json
import os
import tempfile
import threading
import unittest
import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from generate import generate
from traffic import customers, features_of, send


def mean(rows, key):
    return sum(float(r[key]) for r in rows) / len(rows)


class TrafficTest(unittest.TestCase):
    def test_undrifted_rows_are_the_training_world(self):
        rows, train = customers(500, 3, False), generate(500, 3)
        self.assertEqual([{k: v for k, v in r.items() if k != "customer_id"} for r in rows],
                         [{k: v for k, v in r.items() if k != "customer_id"} for r in train])
        self.assertTrue(all(r["customer_id"].startswith("P") for r in rows))

    def test_drift_moves_the_features(self):
        calm, drifted = customers(3000, 5, False), customers(3000, 5, True)
        self.assertGreater(mean(drifted, "monthly_charges"), mean(calm, "monthly_charges") + 10)
        self.assertLess(mean(drifted, "age"), mean(calm, "age") - 5)
        share = lambda rows: sum(r["plan"] == "pro" for r in rows) / len(rows)
        self.assertGreater(share(drifted), share(calm) + 0.15)

    def test_features_are_typed_as_the_model_takes_them(self):
        row = customers(1, 1, False)[0]
        f = features_of({**row, "income": ""})
        self.assertIsNone(f["income"])
        self.assertIsInstance(f["monthly_charges"], float)
        self.assertNotIn("churned", f)
        self.assertNotIn("customer_id", f)

    def test_send_keeps_the_prediction_ids_for_the_labels(self):
        received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                received.append((self.path, self.headers.get("authorization"), json.loads(body)))
                self.send_response(200)
                self.send_header("ponte-prediction-id", hashlib.md5(body).hexdigest())
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            rows = customers(40, 9, True)
            with tempfile.TemporaryDirectory() as d:
                labels = os.path.join(d, "labels.csv")
                result = send(rows, f"http://127.0.0.1:{server.server_port}", "t0k", "production", labels)
                with open(labels) as f:
                    written = list(csv.reader(f))
        finally:
            server.shutdown()
        self.assertEqual(result["sent"], 40)
        self.assertEqual(result["errors"], 0)
        self.assertEqual(received[0][0], "/deployments/production/predict")
        self.assertEqual(received[0][1], "Bearer t0k")
        self.assertEqual(written[0], ["id", "label"])
        # each label is keyed by the id answered for its own row's request, in the rows' order
        ids = [hashlib.md5(json.dumps(features_of(r)).encode()).hexdigest() for r in rows]
        self.assertEqual(written[1:], [[i, str(r["churned"])] for i, r in zip(ids, rows)])


if __name__ == "__main__":
    unittest.main()
