# The pipeline's scripts live in src/ and import each other by module name, as they do when
# dvc.yaml runs them; put src/ on the path so the tests import them the same way.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
