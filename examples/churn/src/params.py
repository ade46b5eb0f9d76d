"""Reads one section of params.yaml, the file dvc.yaml's `params:` entries point at."""
import yaml


def load_params(section: str, path: str = "params.yaml") -> dict:
    with open(path) as f:
        return (yaml.safe_load(f) or {}).get(section, {})
