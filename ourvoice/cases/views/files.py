"""Attachments: decrypted only through the case's access check, audited, never rendered inline
as a page (SECURITY.md D4)."""

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ourvoice.accounts.decorators import staff_required
from ourvoice.cases.access import access_case_by_id, can_see_files
from ourvoice.cases.handling import case_read_record
from ourvoice.cases.selectors import case_attachment
from ourvoice.core.crypto import decrypt
from ourvoice.feedback.models import Attachment


def _file_response(request: HttpRequest, case_id: int, attachment_id: int, *, inline: bool) -> HttpResponse:
    case = access_case_by_id(user=request.user, case_id=case_id)
    if not can_see_files(user=request.user, case=case):
        raise Http404  # independent monitors read no file (cases/access.py)
    attachment = case_attachment(case=case, attachment_id=attachment_id)
    if attachment is None or (inline and attachment.file_kind != Attachment.FileKind.AUDIO):
        raise Http404
    with default_storage.open(f"attachments/{attachment.stored_name}", "rb") as stored:
        data = decrypt(stored.read(), purpose="file")
    case_read_record(case=case, user=request.user, what=f"file {attachment.pk}")  # type: ignore[arg-type]
    response = HttpResponse(data, content_type=attachment.content_type)
    filename = f"{case.feedback.reference}-{attachment.pk}.{attachment.extension}"
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_required
def attachment_download(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    return _file_response(request, case_id, attachment_id, inline=False)


@require_GET
@staff_required
def attachment_play(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    """A voice note for the page's audio element: same checks, audio only."""
    return _file_response(request, case_id, attachment_id, inline=True)
