"""Asking for a copy, being told it is ready, downloading it — and only one's own, only
while it runs, once a day."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from rapport.accounts.models import AuditEntry
from rapport.accounts.tests.factories import make_member
from rapport.core.errors import LimitReached
from rapport.dataexport.models import DataExport
from rapport.dataexport.services import export_request, exports_expire
from rapport.invitations.tests.test_concurrency import run_together
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _zip_names(content: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return set(archive.namelist())


def test_ask_be_told_and_download_from_the_page(ada, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(ada)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/me/data/").status_code == 302
    export = DataExport.objects.get(member=ada)
    assert export.state == "ready" and export.size > 0
    told = Notification.objects.get(recipient=ada, kind="dataexport.ready")
    assert told.url == "/me/data/"
    page = client.get("/me/data/").content.decode()
    assert 'data-testid="download"' in page
    answer = client.get(f"/me/data/{export.pk}/download/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    names = _zip_names(_body(answer))
    assert {"README.txt", "profile.json", "messages.csv"} <= names


def test_once_a_day_and_someone_else_s_copy_is_not_found(
    ada, ben, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(member=ada)
    with pytest.raises(LimitReached):
        export_request(member=ada)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    export_request(member=ada, now=tomorrow)  # a new day, a new copy
    client = Client()
    client.force_login(ben)
    assert client.get(f"/me/data/{export.pk}/download/").status_code == 404
    api = client.get(f"/api/v1/me/data-exports/{export.pk}/download")
    assert api.status_code == 404 and api.json()["error"] == "data_export.not_found"


def test_an_expired_copy_is_gone_and_its_file_deleted(ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(member=ada)
    export.refresh_from_db()
    path = export.file.path
    client = Client()
    client.force_login(ada)
    assert export.expires_at is not None
    later = export.expires_at + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert exports_expire(now=later) == 1
    assert exports_expire(now=later) == 0  # safe to run twice
    export.refresh_from_db()
    assert export.state == "expired" and not export.file
    import os

    assert not os.path.exists(path)
    assert client.get(f"/me/data/{export.pk}/download/").status_code == 410
    api = client.get(f"/api/v1/me/data-exports/{export.pk}/download")
    assert api.status_code == 410 and api.json()["error"] == "data_export.expired"


def test_the_api_asks_lists_and_downloads(ada, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(ada)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/api/v1/me/data-exports")
    assert asked.status_code == 202 and asked.json()["state"] == "requested"
    [listed] = client.get("/api/v1/me/data-exports").json()
    assert listed["state"] == "ready" and listed["download_url"]
    got = client.get(listed["download_url"])
    assert got.status_code == 200 and "README.txt" in _zip_names(_body(got))
    again = client.post("/api/v1/me/data-exports")
    assert again.status_code == 429 and again.json()["error"] == "data_export.once_a_day"


def test_an_operator_builds_a_member_s_copy_from_the_command_line(ada, tmp_path, capsys):
    out = tmp_path / "ada.zip"
    call_command("data-export", "build", "ada", "--out", str(out))
    assert "README.txt" in _zip_names(out.read_bytes())
    export = DataExport.objects.get(member=ada)
    assert export.by_operator and export.state == "ready"
    assert AuditEntry.objects.get().action == "data_export.operator"  # on the record
    # Not the member's own request: not told, not listed, not their one a day.
    assert not Notification.objects.filter(kind="dataexport.ready").exists()
    export_request(member=ada)
    with pytest.raises(Exception, match="No member"):
        call_command("data-export", "build", "nobody")


@pytest.mark.django_db(transaction=True)
def test_asking_twice_at_the_same_moment_makes_one_copy(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    member = make_member("twice")
    results = run_together([lambda: export_request(member=member)] * 6)
    assert sum(isinstance(r, DataExport) for r in results) == 1, results
    assert sum(isinstance(r, LimitReached) for r in results) == 5, results
    assert DataExport.objects.filter(member=member).count() == 1


def test_deleting_the_account_deletes_its_copies_files(django_capture_on_commit_callbacks):
    import os

    member = make_member("leaving")
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(member=member)
    export.refresh_from_db()
    path = export.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        member.delete()
    assert not os.path.exists(path)


def test_building_twice_keeps_one_copy_and_tells_once(
    ada, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import os

    from rapport.dataexport import services

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    export = export_request(member=ada)
    real_zip = services.export_zip

    def meanwhile(member, **kwargs):
        # Another run of the job finishes while this one is still building.
        monkeypatch.setattr(services, "export_zip", real_zip)
        assert services.export_build(export_id=export.pk) is not None
        return real_zip(member, **kwargs)

    monkeypatch.setattr(services, "export_zip", meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.export_build(export_id=export.pk) is None  # lost the race
    export.refresh_from_db()
    assert export.state == "ready"
    assert Notification.objects.filter(kind="dataexport.ready").count() == 1
    stored = os.listdir(os.path.dirname(export.file.path))
    assert stored == [os.path.basename(export.file.name)]  # the loser's file is gone


def test_a_copy_that_fails_is_marked_and_does_not_use_up_the_day(ada, monkeypatch):
    from rapport.dataexport import services

    def broken(member, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "export_zip", broken)
    export = export_request(member=ada)
    with pytest.raises(RuntimeError):
        services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.state == "failed"
    again = export_request(member=ada)  # the same day: allowed, the first one failed
    assert again.pk != export.pk
