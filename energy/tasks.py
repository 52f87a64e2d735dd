"""Tasks of energy for the portal's task queue (django-tasks, run by `manage.py worker`)."""

from django_tasks import task

from .services.jobs import job_create, job_run


@task()
def run_import_job(job_id):
    """Check or import a large file of readings (energy.services.jobs); the job's state at the end."""
    return job_run(job_id)


def job_start(*, action, token, metering_point, file_name="", user=None):
    """Record a job for the uploaded file `token` and queue it; returns the ImportJob."""
    job = job_create(action=action, token=token, metering_point=metering_point, file_name=file_name, user=user)
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()  # a backend that runs the task at once (the tests' immediate backend) has changed it
    return job
