"""Staff case pages under /<lang>/staff/cases/. Thin: access.py decides, services write."""

from ourvoice.cases.views.case import case_action, case_detail
from ourvoice.cases.views.files import attachment_download, attachment_play
from ourvoice.cases.views.inbox import inbox

__all__ = ["attachment_download", "attachment_play", "case_action", "case_detail", "inbox"]
