"""Telegram's Bot API over plain HTTPS (https://core.telegram.org/bots/api), no library.

``TELEGRAM_API_BASE`` (default ``https://api.telegram.org``) is the server: methods are called as
``POST {base}/bot{token}/{method}`` with a JSON body, files are downloaded from
``{base}/file/bot{token}/{file_path}``. Tests point it at a local fake that speaks the same.
"""

from typing import Any

from django.conf import settings

from ourvoice.channels.common.http import ChannelHttpError, get_bytes, post_json

Buttons = list[list[tuple[str, str]]]


class TelegramError(ChannelHttpError):
    pass


def telegram_configured() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_WEBHOOK_SECRET)


def _base() -> str:
    return str(settings.TELEGRAM_API_BASE).rstrip("/")


def call(method: str, **params: Any) -> Any:
    """Call a Bot API method; its ``result``, or TelegramError with Telegram's description."""
    answer = post_json(f"{_base()}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}", params)
    if not isinstance(answer, dict) or not answer.get("ok"):
        description = answer.get("description", "") if isinstance(answer, dict) else ""
        raise TelegramError(f"{method} failed: {description}"[:200])
    return answer.get("result")


def keyboard(buttons: Buttons) -> dict[str, Any]:
    return {
        "inline_keyboard": [[{"text": text, "callback_data": data} for text, data in row] for row in buttons]
    }


def send_message(*, chat_id: str, text: str, buttons: Buttons | None = None) -> None:
    params: dict[str, Any] = {"chat_id": chat_id, "text": text[:4096]}
    if buttons:
        params["reply_markup"] = keyboard(buttons)
    call("sendMessage", **params)


def answer_callback(*, callback_id: str) -> None:
    call("answerCallbackQuery", callback_query_id=callback_id)


def file_download(*, file_id: str, max_bytes: int) -> bytes:
    """getFile, then the file itself, refusing more than ``max_bytes``."""
    info = call("getFile", file_id=file_id)
    path = info.get("file_path") if isinstance(info, dict) else None
    if not path:
        raise TelegramError("getFile gave no file_path")
    size = info.get("file_size")
    if isinstance(size, int) and size > max_bytes:
        raise TelegramError("file too large")
    return get_bytes(f"{_base()}/file/bot{settings.TELEGRAM_BOT_TOKEN}/{path}", max_bytes=max_bytes)
