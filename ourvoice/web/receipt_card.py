"""Showing a receipt once (SECURITY.md B5): kept in the session, encrypted, until its page is shown.

The receipt travels from the form's POST to the receipt page through the server-side session, never
through an address (A2). Sessions live in the database, and a stolen database alone must open no
case (B2): the receipt is stored there encrypted with the server's key, and removed as soon as the
page has been shown.
"""

import base64

import segno
from django.contrib.sessions.backends.base import SessionBase
from django.utils.safestring import SafeString, mark_safe

from ourvoice.core.crypto import decrypt, encrypt
from ourvoice.feedback.receipts import Receipt, parse_receipt

SESSION_KEY = "web:receipt_once"
_PURPOSE = "web-receipt-once"


def receipt_remember(session: SessionBase, receipt: Receipt, *, key: str = SESSION_KEY) -> None:
    """Keep ``receipt`` sealed in the session under ``key`` (other channels use their own key)."""
    sealed = encrypt(receipt.digits.encode(), purpose=_PURPOSE)
    session[key] = base64.b64encode(sealed).decode()


def receipt_take(session: SessionBase, *, key: str = SESSION_KEY) -> Receipt | None:
    """The receipt to show, removed from the session: a second visit finds nothing."""
    sealed = session.pop(key, None)
    if not isinstance(sealed, str):
        return None
    try:
        digits = decrypt(base64.b64decode(sealed), purpose=_PURPOSE).decode()
    except Exception:  # a session from another key, or tampered: nothing to show
        return None
    return parse_receipt(digits)


def _qr(receipt: Receipt) -> segno.QRCode:
    # A full QR code (not Micro QR, which many phone scanners cannot read) of the 20 digits.
    return segno.make_qr(receipt.digits, error="m")


def receipt_qr_svg(receipt: Receipt) -> SafeString:
    """Inline SVG (no namespace address, no style attribute), scaled by CSS."""
    svg = _qr(receipt).svg_inline(scale=1, border=4, omitsize=True, light="#fff", svgclass="receipt-card__qr")
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno's own markup around the digits of a receipt


def receipt_qr_data_uri(receipt: Receipt) -> str:
    """The same QR code as a standalone SVG ``data:`` address (for printed slips)."""
    return str(_qr(receipt).svg_data_uri(scale=4, border=4, light="#fff"))
