"""Requests per second across the processes `rapport serve` runs: invitations sent and
accepted through the API, and the main pages, over real HTTP.

    python -m bench.serve --members 2000 [--sends 400] [--workers 2] [--clients 4] [--reuse]

The demo community is loaded (or reused); senders in good standing get a personal
access token each, as do their recipients. `rapport serve --without-worker` then runs
gunicorn with `--workers` processes of one thread each on a free port (DEBUG off), and
`--clients` threads of this process send requests over kept-alive connections, all
starting together, as fast as answers come back: each stream's requests per second is
the number answered over the wall time from the first request to the last answer, and
every answer's status is checked. The clients share the machine's cores with the
server, as a load generator on the same box does. Streams, in order: invitation sends
(`POST /api/v1/invitations`, every check, as in `bench.invitations`), their accepts
(`POST …/accept`, each making a connection), and the seven pages of `bench.pages` as
the demo's Ada (a session made for her), in turns.

Run through `python -m bench.against REF --only serve` (both trees, same run).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

WARM_UP_ROUNDS = 20


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(port: int, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"rapport serve stopped (exit {server.returncode}).")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("rapport serve did not answer /healthz in time.")


Request = tuple[str, str, dict[str, str], bytes | None, int]


def _stream(port: int, requests: list[Request], clients: int) -> dict[str, Any]:
    """Send `requests` (method, path, headers, body, expected status) from `clients`
    threads at once; each thread takes the next request when its answer came back."""
    lock = threading.Lock()
    position = iter(range(len(requests)))
    timings: list[float] = []
    wrong: list[str] = []
    start = threading.Barrier(clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            method, path, headers, body, expected = requests[index]
            began = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            took = time.perf_counter() - began
            with lock:
                timings.append(took)
                if response.status != expected:
                    wrong.append(f"{method} {path}: {response.status} {payload[:200]!r}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if wrong:
        raise SystemExit(f"{len(wrong)} unexpected answers, e.g. {wrong[0]}")
    ordered = sorted(timings)
    return {
        "count": len(ordered),
        "per_second": len(ordered) / wall,
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
        "wall_seconds": wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--sends", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--page-rounds", type=int, default=30)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from bench import demo_community
    from bench.invitations import DAILY_CAP, WEEKLY_CAP, _plan
    from bench.pages import pages_for
    from rapport.accounts.models import User
    from rapport.accounts.services.tokens import token_create
    from rapport.limits.services import limits_set

    demo_community(args.members, reuse=args.reuse)
    limits_set(
        by=None,
        changes={
            "invitations.daily_cap": DAILY_CAP,
            "invitations.weekly_cap": WEEKLY_CAP,
            # One token a run for each sender and recipient, and runs repeat.
            "accounts.tokens_per_member": 1000,
        },
    )
    plan = _plan(args.sends)
    tokens: dict[int, str] = {}
    for member in {
        m.pk: m for item in plan for m in (item["send"]["sender"], item["send"]["recipient"])
    }.values():
        tokens[member.pk] = token_create(member=member, name="bench.serve").secret

    ada = User.objects.get(handle="ada")
    session = SessionStore()
    session[SESSION_KEY] = str(ada.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = ada.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    pages = pages_for(ada)
    connection.close()

    port = _free_port()
    tree = Path.cwd()
    env = {**os.environ, "DEBUG": "false", "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rapport.cli",
            "serve",
            "--without-worker",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            "1",
        ],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_up(port, server)
        page_requests: list[Request] = [
            ("GET", url, {"Cookie": cookie, "Host": "127.0.0.1"}, None, 200)
            for url in pages.values()
        ]
        # Every worker loads its graph index and compiles its statements before timing.
        _stream(port, page_requests * WARM_UP_ROUNDS, args.clients)

        def api(member_id: int) -> dict[str, str]:
            return {
                "Authorization": f"Bearer {tokens[member_id]}",
                "Content-Type": "application/json",
                "Host": "127.0.0.1",
            }

        sends: list[Request] = [
            (
                "POST",
                "/api/v1/invitations",
                api(item["send"]["sender"].pk),
                json.dumps(
                    {
                        "handle": item["send"]["recipient"].handle,
                        "note": item["send"]["note"],
                        "how_we_know": item["send"]["how_we_know"],
                        "how_detail": item["send"]["how_detail"],
                        **(
                            {"mutual": item["send"]["mutual"].handle}
                            if item["send"]["mutual"]
                            else {}
                        ),
                    }
                ).encode(),
                201,
            )
            for item in plan
        ]
        from django.utils import timezone

        sent_since = timezone.now()
        result: dict[str, Any] = {
            "workers": args.workers,
            "clients": args.clients,
            "cpus": os.cpu_count(),
            "send": _stream(port, sends, args.clients),
        }
        from rapport.invitations.models import Invitation, State

        waiting = list(
            Invitation.objects.filter(
                state=State.PENDING,
                created_at__gte=sent_since,
                sender_id__in={item["send"]["sender"].pk for item in plan},
            ).values_list("pk", "recipient_id")
        )
        connection.close()
        accepts: list[Request] = [
            ("POST", f"/api/v1/invitations/{pk}/accept", api(recipient), b"", 200)
            for pk, recipient in waiting
        ]
        result["accept"] = _stream(port, accepts, args.clients)
        result["pages"] = _stream(port, page_requests * args.page_rounds, args.clients)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
