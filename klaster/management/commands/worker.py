"""The worker of the portal's task queue: django-tasks-db's `db_worker`, over every queue by default, that first queues
again the tasks it left running when it was last stopped.

A worker killed mid-task (SIGKILL, out of memory, the machine restarted) leaves that task "running" for ever; tasks are
written to be idempotent, so this worker, started again under the same --worker-id (by default the machine's name),
marks them failed and queues them anew. Run one worker per machine, or give each its own --worker-id.

    python manage.py worker             # runs until stopped (SIGTERM: the current task finishes first)
    python manage.py worker --batch     # runs what is waiting, then exits (cron, tests)
"""

import logging
import socket

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("klaster.worker")


def requeue_abandoned(worker_id):
    """Queue again the tasks that the worker `worker_id` left running: each is marked failed and queued anew with the
    same arguments. Returns how many."""
    abandoned = [
        result for result in DBTaskResult.objects.running() if result.worker_ids and result.worker_ids[-1] == worker_id
    ]
    for result in abandoned:
        logger.warning(
            "Task %s (%s) was left running by worker %s: queued again", result.id, result.task_path, worker_id
        )
        result.set_failed(RuntimeError(f"the worker {worker_id} stopped while running this task"))
        arguments = result.args_kwargs
        result.task.using(run_after=timezone.now()).enqueue(*arguments["args"], **arguments["kwargs"])
    return len(abandoned)


class Command(DatabaseWorkerCommand):
    help = "Run the task queue's worker (mail and other background work); queues again what it left running."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", worker_id=socket.gethostname()[:64] or "klaster")

    def handle(self, *args, **options):
        requeued = requeue_abandoned(options["worker_id"])
        if requeued:
            self.stderr.write(f"{requeued} task(s) left running by worker {options['worker_id']} queued again.")
        return super().handle(*args, **options)
