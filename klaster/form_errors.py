"""Showing a service's refusal on the form the user filled in."""


def add_service_errors(form, error):
    """Put a service's ValidationError on `form`: on the fields it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
