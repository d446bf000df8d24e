"""Background jobs run from the database queue by `rapport worker`, with no broker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from rapport.accounts.tasks import welcome_email_send

pytestmark = pytest.mark.django_db(transaction=True)


def welcome_job() -> DBTaskResult:
    """The welcome job; other jobs (a new member's trust refresh) may be queued too."""
    return DBTaskResult.objects.get(task_path=welcome_email_send.module_path)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_worker_runs_a_queued_job_once(database_queue, ada):
    welcome_email_send.enqueue(ada.pk)
    assert welcome_job().status == "READY"
    assert mail.outbox == []

    call_command("worker", batch=True, interval=0.01)
    assert welcome_job().status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]

    call_command("worker", batch=True, interval=0.01)  # nothing left: nothing sent again
    assert len(mail.outbox) == 1


def test_welcome_job_for_a_deleted_member_does_nothing(database_queue, ada):
    welcome_email_send.enqueue(ada.pk)
    ada.delete()
    call_command("worker", batch=True, interval=0.01)
    assert welcome_job().status == "SUCCESSFUL"
    assert mail.outbox == []
