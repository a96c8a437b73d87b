"""Files of a multipart request, handed to the services as ``Upload``s.

The services decide what is accepted (count, size, type: ``feedback.services.uploads_clean``).
This module only avoids reading more than they could accept: at most one file beyond the count
limit (enough for the service to refuse the count) and one byte beyond the size limit of each
(enough for it to refuse the size), so a huge upload is never read into memory whole.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.request import Request

from ourvoice.feedback.services import Upload

ATTACHMENTS = "attachments"
ELSEWHERE_MESSAGE = _("Send files under the name “attachments”.")


def uploads_from(request: Request) -> list[Upload]:
    stray = sorted(name for name in request.FILES if name != ATTACHMENTS)
    if stray:
        # Dropping a citizen's photo silently would be worse than refusing the request.
        raise exceptions.ValidationError({name: [ELSEWHERE_MESSAGE] for name in stray})
    files = request.FILES.getlist(ATTACHMENTS)[: settings.UPLOAD_MAX_FILES + 1]
    return [Upload(name=file.name or "", data=file.read(settings.UPLOAD_MAX_BYTES + 1)) for file in files]
