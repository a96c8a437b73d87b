"""What the bot keeps of a Telegram update: only what the conversation needs.

A Telegram update carries the sender's name, username and language, and sometimes a phone
number. None of it is kept: ``inbound_from_update`` copies the chat id (for this turn only), the
text, the pressed button and the file references, and the queue holds even that encrypted.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from ourvoice.core.crypto import decrypt, encrypt

_AUDIO_EXTENSIONS = {"audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/x-m4a": "m4a", "audio/ogg": "ogg"}


@dataclass(frozen=True)
class FileRef:
    file_id: str
    name: str  # a name whose extension tells the cleaner what it claims to be
    size: int


@dataclass(frozen=True)
class Inbound:
    chat_id: str
    text: str = ""
    callback_id: str = ""
    callback_data: str = ""
    files: list[FileRef] = field(default_factory=list)


def _files(message: dict[str, Any]) -> list[FileRef]:
    files: list[FileRef] = []
    voice = message.get("voice")
    if isinstance(voice, dict):
        files.append(FileRef(str(voice.get("file_id", "")), "voice.ogg", int(voice.get("file_size") or 0)))
    audio = message.get("audio")
    if isinstance(audio, dict):
        extension = _AUDIO_EXTENSIONS.get(str(audio.get("mime_type", "")), "")
        extension = extension or PurePath(str(audio.get("file_name", ""))).suffix.lstrip(".") or "bin"
        files.append(
            FileRef(str(audio.get("file_id", "")), f"audio.{extension}", int(audio.get("file_size") or 0))
        )
    photo = message.get("photo")
    if isinstance(photo, list) and photo:
        # Telegram sends several sizes, smallest first: the largest is the one worth keeping.
        largest = max(
            photo, key=lambda size: int(size.get("file_size") or 0) if isinstance(size, dict) else 0
        )
        if isinstance(largest, dict):
            files.append(
                FileRef(str(largest.get("file_id", "")), "photo.jpg", int(largest.get("file_size") or 0))
            )
    document = message.get("document")
    if isinstance(document, dict):
        suffix = PurePath(str(document.get("file_name", "file"))).suffix.lower()[:6] or ".bin"
        files.append(
            FileRef(
                str(document.get("file_id", "")), f"document{suffix}", int(document.get("file_size") or 0)
            )
        )
    return [f for f in files if f.file_id]


def inbound_from_update(update: dict[str, Any]) -> Inbound | None:
    """The parts of an update the bot uses; None for what it ignores (groups, edits, others)."""
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        message = callback.get("message") or {}
        chat = message.get("chat") or {}
        if chat.get("type") != "private" or "id" not in chat:
            return None
        return Inbound(
            chat_id=str(chat["id"]),
            callback_id=str(callback.get("id", "")),
            callback_data=str(callback.get("data", ""))[:64],
        )
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or "id" not in chat:
        return None
    text = message.get("text") or message.get("caption") or ""
    return Inbound(chat_id=str(chat["id"]), text=str(text)[:4096], files=_files(message))


def inbound_seal(inbound: Inbound) -> bytes:
    """Encrypted for the queue: the chat id is not written to Redis or the queue file in clear."""
    return encrypt(json.dumps(asdict(inbound)).encode(), purpose="telegram-inbound")


def inbound_open(sealed: bytes) -> Inbound:
    data = json.loads(decrypt(sealed, purpose="telegram-inbound"))
    data["files"] = [FileRef(**f) for f in data.get("files", [])]
    return Inbound(**data)
