"""`rapport serve` starts the production server with several workers, the job worker
and the housekeeping, serves pages and static files, and stops everything together,
as `make run` uses it."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
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
    env.pop("DEBUG", None)  # as `make run` starts it
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
        # With DEBUG unset, a missing page is Rapport's 404 page, not Django's debug page
        # listing every URL; browsers' unprompted /favicon.ico answers.
        try:
            urllib.request.urlopen(f"{base}/no-such-page/", timeout=5)  # noqa: S310
            raise AssertionError("a missing page answered 200")
        except urllib.error.HTTPError as missing:
            assert missing.code == 404
            body = missing.read()
        assert b"Page not found" in body and b"URLconf" not in body
        icon = urllib.request.urlopen(f"{base}/favicon.ico", timeout=5)  # noqa: S310
        assert icon.status == 200 and icon.read()[:4] == b"\x00\x00\x01\x00"
        workers = subprocess.run(
            ["pgrep", "-g", str(server.pid), "-f", "gunicorn"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        assert len(workers) >= 3  # the arbiter and two workers
        # The job worker runs beside the web server: a queued job gets done.
        queued = subprocess.run(
            [str(BIN / "rapport"), "invitations-housekeeping", "--enqueue"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        job = queued.split()[-1].replace("-", "")  # stored without dashes
        deadline = time.monotonic() + 60
        while _job_status(tmp_path / "serve.sqlite3", job) != "SUCCESSFUL":
            assert time.monotonic() < deadline, "the queued job was not run in 60 s"
            time.sleep(0.5)
        children = _processes_started_by(server.pid)
        assert any("worker" in cmd for cmd in children.values()), children
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # Stopping the server stopped everything it started.
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children):
        assert time.monotonic() < deadline, f"still running after stop: {children}"
        time.sleep(0.2)


def _job_status(database: Path, job: str) -> str | None:
    with sqlite3.connect(database) as db:
        row = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?", (job,)
        ).fetchone()
    return row[0] if row else None


def _processes_started_by(parent: int) -> dict[int, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat[1]) == parent:
            found[int(entry.name)] = cmd
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return stat[0] != "Z"
