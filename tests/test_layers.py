"""Imports point one way (docs/architecture.md): an app's code imports only itself and
the apps below it. Tests may reach up for factories and cross-app scenarios."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

# Bottom to top, as the architecture's diagram draws them.
LAYERS = (
    "core",
    "accounts",
    "notifications",
    "companies",
    "network",
    "members",
    "references",
    "limits",
    "groups",
    "invitations",
    "contacts",
    "conversations",
    "trust",
    "posts",
    "discussions",
    "influence",
    "networkmap",
    "suggestions",
    "dataexport",
    "operations",
    "demo",
)
ROOT = Path(__file__).resolve().parent.parent / "rapport"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_app_has_a_place_in_the_layers():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps == set(LAYERS), "place a new app in LAYERS and in docs/architecture.md"


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    upward = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for module in _imports(path):
            parts = module.split(".")
            other = parts[1] if parts[0] == "rapport" and len(parts) > 1 else None
            if other in LAYERS and other not in allowed:
                upward.append(f"{path.relative_to(ROOT)} imports {module}")
    assert upward == []


def test_the_import_contract_draws_the_same_layers():
    """import-linter (pyproject.toml, run by scripts/test.sh) holds the same order."""
    import tomllib

    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    assert [name.removeprefix("rapport.") for name in reversed(layers)] == list(LAYERS)
