"""The `rapport` command and the production settings, run as an operator would run them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

RAPPORT = Path(sys.executable).with_name("rapport")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env or {})}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests while they run
    return subprocess.run(
        [str(RAPPORT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_rapport_lists_its_own_commands():
    result = run("help")
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "migrate"):
        assert command in result.stdout


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = run(
        "check",
        "--deploy",
        env={
            "RAPPORT_MODE": "production",
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60 + "-A1b2C3d4",
            "ALLOWED_HOSTS": "rapport.example.org",
            "SITE_URL": "https://rapport.example.org",
            "RAPPORT_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout
    # The one warning left is HSTS preload: a commitment an operator opts into
    # (SECURE_HSTS_PRELOAD=true), not a default.
    warnings = set(re.findall(r"\(([a-z_]+\.W\d+)\)", result.stdout + result.stderr))
    assert warnings <= {"security.W021"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RAPPORT_MODE": "production", "DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"RAPPORT_MODE": "production", "DEBUG": "true", "SECRET_KEY": "k"}, "DEBUG must be false"),
        ({"DEBUG": "perhaps"}, "DEBUG must be true or false"),
        (
            {"RAPPORT_MODE": "production", "DEBUG": "false", "SECRET_KEY": "k" * 60},
            "SITE_URL must be the site's https:// address",
        ),
        (
            {
                "RAPPORT_MODE": "production",
                "DEBUG": "false",
                "SECRET_KEY": "k" * 60,
                "SITE_URL": "http://rapport.example.org",
            },
            "SITE_URL must be the site's https:// address",
        ),
    ],
)
def test_unusable_settings_stop_with_a_clear_message(tmp_path, env, message):
    env = {"SECRET_KEY": "", "RAPPORT_VAR_DIR": str(tmp_path), **env}
    result = run("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr
