"""Logging that never carries a citizen's request (SECURITY.md A1, A5).

Django attaches the whole request (headers, cookies, body, client address) to the records of
``django.request``; any handler that formats it (an e-mail to admins, an error tracker) would
leak it. This filter drops it, so an error is logged as its path and traceback only.
"""

import logging


class DropRequest(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True
