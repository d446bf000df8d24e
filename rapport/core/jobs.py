"""Queueing a job that works through a backlog: once, not once per change.

A drain job (it takes whatever is waiting and works until nothing is) needs queueing
only when none is waiting to start: a waiting one will see every change committed
before it starts. One that is already running may have read the backlog before this
change, so it does not count. On the database queue that is one indexed read; other
backends (the immediate one in tests) run or queue the job every time.
"""

from __future__ import annotations

from typing import Any

from django_tasks.base import TaskResultStatus


def enqueue_unless_waiting(task: Any) -> bool:
    """Queue `task` (no arguments) unless one is already waiting to start. Call after
    the change it should see has committed. Returns whether it queued one."""
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=task.module_path
        )
        if waiting.exists():
            return False
    task.enqueue()
    return True
