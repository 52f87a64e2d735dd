"""Tasks of energy for the portal's task queue (django-tasks, run by `manage.py worker`)."""

from django_tasks import task

from .services.jobs import job_run


@task()
def run_import_job(job_id):
    """Check or import a large file of readings (energy.services.jobs); the job's state at the end."""
    return job_run(job_id)
