"""`rapport serve` starts the production server with several workers and serves
pages and static files, as `make run` uses it."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_pages_and_static_files(tmp_path):
    env = {
        **os.environ,
        "RAPPORT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    }
    subprocess.run([str(BIN / "rapport"), "migrate", "-v0"], env=env, check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "rapport"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                page = urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)  # noqa: S310
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "rapport serve did not answer in 30 s"
                time.sleep(0.3)
        assert page.status == 200 and b"Log in" in page.read()
        css = urllib.request.urlopen(f"{base}/static/css/rapport.css", timeout=5)  # noqa: S310
        assert css.status == 200 and b"--accent" in css.read()
        workers = subprocess.run(
            ["pgrep", "-g", str(server.pid), "-f", "gunicorn"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        assert len(workers) >= 3  # the arbiter and two workers
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
