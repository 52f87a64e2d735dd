"""Tasks of events for the portal's task queue (django-tasks, run by `manage.py worker`)."""

from django_tasks import task

from .services.registrations import reminders_send


@task()
def send_event_reminders():
    """Send the reminders due now (the day before each event), each once; how many."""
    return reminders_send()
