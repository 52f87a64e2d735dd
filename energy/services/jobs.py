"""Large files of readings on the task queue (django-tasks with its database backend, run by `manage.py worker`): a file
above ENERGY_IMPORT_QUEUE_BYTES is checked for the preview, and imported once confirmed, by a task instead of in the
request, so a file of hundreds of thousands of rows never holds a web worker.

The ImportJob says where the work stands (queued, running, done, failed) and how many of the file's rows are read;
the preview page shows it. The flow is the same as for a small file: upload, preview (the dry run: counts, period,
problems), confirm, and nothing is written unless every row is right.

All or nothing, and resumable: the import writes the readings and marks its job done in one transaction, so a worker
stopped halfway (killed, the machine restarted) has written nothing; `manage.py worker` queues such a task again when
it starts (klaster.management.commands.worker), and job_run starts the job over. A job already done or failed is not
run again.
"""

import logging

from django.db import transaction

from members.register.uploads import upload_discard, upload_read

from ..models import ImportJob
from .balances import balances_settle
from .readings import readings_import, readings_preview

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 50_000  # rows between two writes of the progress


def job_create(*, action, token, metering_point, file_name="", user=None):
    """Record a job for the uploaded file `token`; energy.tasks.job_start queues it."""
    return ImportJob.objects.create(
        token=token,
        action=action,
        metering_point=metering_point,
        file_name=file_name[:200],
        requested_by=user if user is not None and user.is_authenticated else None,
    )


def job_latest(token, action=None):
    jobs = ImportJob.objects.filter(token=token)
    if action is not None:
        jobs = jobs.filter(action=action)
    return jobs.select_related("metering_point__party", "batch").order_by("-pk").first()


def _progress(job):
    def report(done, total):
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    return report


def _summary(preview):
    parsed = preview.parsed
    return {
        "rows": parsed.rows,
        "period_start": parsed.period_start.isoformat(),
        "period_end": parsed.period_end.isoformat(),
        "days": len(parsed.days),
        "totals": [[direction, count, str(kwh)] for direction, count, kwh in parsed.totals()],
        "replaced": preview.replaced,
    }


def _problems(problems):
    return [[problem.row, problem.column, str(problem.message)] for problem in problems]


def _finish(job, state, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    job.state = state
    job.save()
    return job


def job_run(job_id):
    """Do the work of the job `job_id` (the task's body); returns its state."""
    job = ImportJob.objects.select_related("metering_point", "requested_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return job.state if job else "missing"
    job.state, job.rows_done, job.failure = ImportJob.State.RUNNING, 0, ""
    job.save(update_fields=["state", "rows_done", "failure", "updated_at"])
    try:
        content = upload_read(job.token)
        if content is None:
            return _finish(job, ImportJob.State.FAILED, failure=ImportJob.Failure.GONE).state
        job.rows_total = content.count(b"\n") or 1
        job.save(update_fields=["rows_total", "updated_at"])
        preview = readings_preview(metering_point=job.metering_point, content=content, progress=_progress(job))
        if preview.problems:
            return _finish(
                job,
                ImportJob.State.FAILED,
                failure=ImportJob.Failure.PROBLEMS,
                result={"problems": _problems(preview.problems)},
            ).state
        if job.action == ImportJob.Action.PREVIEW:  # the file waits for the confirmation
            return _finish(job, ImportJob.State.DONE, result=_summary(preview), rows_done=job.rows_total).state
        with transaction.atomic():
            batch = readings_import(
                metering_point=job.metering_point,
                parsed=preview.parsed,
                content=content,
                file_name=job.file_name,
                actor=job.requested_by,
            )
            _finish(job, ImportJob.State.DONE, batch=batch, result=_summary(preview), rows_done=job.rows_total)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.FAILED, failure=ImportJob.Failure.ERROR)
        raise
    upload_discard(job.token)  # imported: the file is no longer needed
    balances_settle()  # the cluster's hours summed again here rather than by the next balance page
    return job.state
