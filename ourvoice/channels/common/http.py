"""Plain HTTP for the channels' outside services (Telegram's Bot API, an SMS gateway).

The standard library's urllib is enough: JSON in, JSON out, a timeout, and a size limit on
downloads. Exceptions never carry the address called (it may hold the bot token).
"""

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings


class ChannelHttpError(Exception):
    """A call to an outside service failed; the message says how, never the address."""


def _timeout() -> float:
    return float(settings.CHANNELS_HTTP_TIMEOUT)


def post_json(url: str, payload: dict[str, Any], *, headers: dict[str, str] | None = None) -> Any:
    """POST a JSON body and return the decoded JSON answer (None for an empty body)."""
    if not url.startswith(("http://", "https://")):
        raise ChannelHttpError("only http and https addresses are called")
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=body, method="POST", headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as response:  # noqa: S310
            raw = response.read(1024 * 1024)
    except urllib.error.HTTPError as error:
        try:
            description = str(json.loads(error.read(64 * 1024)).get("description", ""))[:200]
        except (ValueError, AttributeError, OSError):
            description = ""
        raise ChannelHttpError(f"HTTP {error.code} {description}".strip()) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ChannelHttpError(type(error).__name__) from None
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise ChannelHttpError("the answer is not JSON") from None


class TooLarge(ChannelHttpError):
    pass


def get_bytes(url: str, *, max_bytes: int) -> bytes:
    """GET a file, refusing (TooLarge) anything over ``max_bytes`` without reading it all."""
    if not url.startswith(("http://", "https://")):
        raise ChannelHttpError("only http and https addresses are called")
    try:
        with urllib.request.urlopen(url, timeout=_timeout()) as response:  # noqa: S310
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise TooLarge("file too large")
            data: bytes = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        raise ChannelHttpError(f"HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ChannelHttpError(type(error).__name__) from None
    if len(data) > max_bytes:
        raise TooLarge("file too large")
    return data
