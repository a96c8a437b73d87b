"""Local stand-ins for the outside systems, speaking their real HTTP protocols.

- ``FakeTelegram``: the Bot API (``POST /bot<token>/<method>`` with JSON, answers
  ``{"ok": true, "result": ...}``; ``GET /file/bot<token>/<path>`` serves files), recording every
  call. A wrong token gets Telegram's 401.
- ``FakeSmsGateway``: accepts ``POST /send`` like a gateway and records what it was asked to send.
- ``TelegramChat``: a person in a private chat, whose updates are POSTed to our webhook the way
  Telegram does, with a name, a username and a language the bot must not keep.

Both servers are real HTTP servers on free loopback ports, in a thread, started per test.
"""

import io
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

import av
import pytest
from django.test import Client

TELEGRAM_TOKEN = "7001234567:AAF-test-token_Zx9"
WEBHOOK_SECRET = "webhook-secret_T0ken"
SMS_SECRET = "sms-inbound-shared-secret"
SMS_GATEWAY_TOKEN = "gateway-outbound-token"
WEBHOOK = "/channels/telegram/webhook/"
SMS_INBOUND = "/channels/sms/inbound/"


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _json(self, status: int, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


class _TelegramHandler(_Handler):
    def do_POST(self) -> None:
        fake: FakeTelegram = self.server.fake  # type: ignore[attr-defined]
        prefix = f"/bot{fake.token}/"
        if not self.path.startswith(prefix):
            return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = self.path[len(prefix) :]
        params = json.loads(self._body() or b"{}")
        fake.calls.append((method, params))
        return self._json(200, {"ok": True, "result": fake.result(method, params)})

    def do_GET(self) -> None:
        fake: FakeTelegram = self.server.fake  # type: ignore[attr-defined]
        prefix = f"/file/bot{fake.token}/"
        data = fake.paths.get(self.path[len(prefix) :]) if self.path.startswith(prefix) else None
        if data is None:
            return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeTelegram(_Server):
    def __init__(self, token: str = TELEGRAM_TOKEN) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, str] = {}  # file_id -> file_path
        self.paths: dict[str, bytes] = {}  # file_path -> content
        self._ids = itertools.count(1)
        super().__init__(_TelegramHandler)

    def add_file(self, data: bytes, folder: str = "voice", suffix: str = "oga") -> str:
        n = next(self._ids)
        file_id, path = f"AwACAgUAAx-file-{n}", f"{folder}/file_{n}.{suffix}"
        self.files[file_id], self.paths[path] = path, data
        return file_id

    def result(self, method: str, params: dict[str, Any]) -> object:
        if method == "sendMessage":
            chat = {"id": int(params["chat_id"]), "type": "private"}
            return {"message_id": next(self._ids), "chat": chat, "date": 1767225600, "text": params["text"]}
        if method == "getFile":
            path = self.files.get(params.get("file_id", ""))
            return {
                "file_id": params.get("file_id"),
                "file_path": path,
                "file_size": len(self.paths.get(path or "", b"")),
            }
        return True

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [
            params
            for method, params in self.calls
            if method == "sendMessage" and (chat_id is None or str(params["chat_id"]) == str(chat_id))
        ]


class _SmsHandler(_Handler):
    def do_POST(self) -> None:
        fake: FakeSmsGateway = self.server.fake  # type: ignore[attr-defined]
        if self.path != "/send":
            return self._json(404, {"ok": False})
        fake.received.append({"auth": self.headers.get("Authorization", ""), **json.loads(self._body())})
        return self._json(200, {"ok": True, "id": f"out-{len(fake.received)}"})


class FakeSmsGateway(_Server):
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        super().__init__(_SmsHandler)

    def texts(self, to: str | None = None) -> list[str]:
        return [m["text"] for m in self.received if to is None or m["to"] == to]


@pytest.fixture
def fake_telegram(settings: Any) -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    settings.TELEGRAM_BOT_TOKEN = fake.token
    settings.TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.TELEGRAM_API_BASE = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def fake_sms(settings: Any) -> Iterator[FakeSmsGateway]:
    fake = FakeSmsGateway()
    settings.SMS_WEBHOOK_SECRET = SMS_SECRET
    settings.SMS_GATEWAY_URL = fake.url + "/send"
    settings.SMS_GATEWAY_TOKEN = SMS_GATEWAY_TOKEN
    yield fake
    fake.stop()


def voice_note(tag: str = "TAG-SENTINEL-91a7", seconds: float = 1.0) -> bytes:
    """A real Ogg Opus voice note, as Telegram stores them, with a metadata tag that must not survive."""
    out = io.BytesIO()
    with av.open(out, "w", format="ogg") as container:
        container.metadata["title"] = tag
        container.metadata["artist"] = tag
        stream = cast(av.AudioStream, container.add_stream("libopus", rate=48000, layout="mono"))
        for i in range(int(seconds * 50)):
            frame = av.AudioFrame(format="s16", layout="mono", samples=960)
            frame.planes[0].update(bytes([(i * 7) % 256, 0]) * 960)
            frame.sample_rate, frame.pts = 48000, i * 960
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def photo(tag: str = "TAG-SENTINEL-91a7") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (80, 60), "orange").save(out, "JPEG", comment=tag.encode())
    return out.getvalue()


_update_ids = itertools.count(700_000_001)


class TelegramChat:
    """A person chatting with the bot in a private chat; each action is one webhook POST."""

    def __init__(
        self,
        *,
        fake: FakeTelegram,
        capture: Callable[..., Any],
        chat_id: int = 5_550_123_987,
        first_name: str = "Sokha",
        username: str = "sokha_pp",
    ) -> None:
        self.fake, self.capture, self.client = fake, capture, Client()
        self.chat_id = chat_id
        self.person = {
            "id": chat_id,
            "is_bot": False,
            "first_name": first_name,
            "username": username,
            "language_code": "km",
        }
        self.chat = {"id": chat_id, "first_name": first_name, "username": username, "type": "private"}
        self._seen = 0
        self._message_ids = itertools.count(1)

    def post(self, update: dict[str, Any], *, secret: str | None = WEBHOOK_SECRET) -> Any:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        with self.capture(execute=True):
            return self.client.post(
                WEBHOOK, json.dumps(update), content_type="application/json", headers=headers
            )

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "update_id": next(_update_ids),
            "message": {
                "message_id": next(self._message_ids),
                "from": self.person,
                "chat": self.chat,
                "date": 1767225600,
                **content,
            },
        }

    def replies(self) -> list[dict[str, Any]]:
        """Messages the bot sent this chat since the last call."""
        sent = self.fake.sent(self.chat_id)
        new, self._seen = sent[self._seen :], len(sent)
        return new

    def _act(self, update: dict[str, Any]) -> list[str]:
        response = self.post(update)
        assert response.status_code == 200, response.content
        return [m["text"] for m in self.replies()]

    def send(self, text: str) -> list[str]:
        return self._act(self._message(text=text))

    def voice(self, data: bytes) -> list[str]:
        file_id = self.fake.add_file(data, "voice", "oga")
        voice = {
            "file_id": file_id,
            "file_unique_id": "u" + file_id,
            "duration": 1,
            "mime_type": "audio/ogg",
            "file_size": len(data),
        }
        return self._act(self._message(voice=voice))

    def photo(self, data: bytes, caption: str = "") -> list[str]:
        small = self.fake.add_file(data[:100], "photos", "jpg")
        large = self.fake.add_file(data, "photos", "jpg")
        sizes = [
            {"file_id": small, "file_unique_id": "s", "width": 8, "height": 6, "file_size": 100},
            {"file_id": large, "file_unique_id": "l", "width": 80, "height": 60, "file_size": len(data)},
        ]
        return self._act(self._message(photo=sizes, **({"caption": caption} if caption else {})))

    def buttons(self) -> list[tuple[str, str]]:
        """The buttons of the bot's latest message that had any: (text, callback data)."""
        for params in reversed(self.fake.sent(self.chat_id)):
            rows = params.get("reply_markup", {}).get("inline_keyboard")
            if rows:
                return [(b["text"], b["callback_data"]) for row in rows for b in row]
        return []

    def press(self, label: str) -> list[str]:
        """Press the button whose text is ``label`` (exact, or containing it)."""
        buttons = self.buttons()
        matches = [data for text, data in buttons if text == label] or [
            data for text, data in buttons if label in text
        ]
        assert matches, f"no button {label!r} in {[text for text, _ in buttons]}"
        return self.press_data(matches[0])

    def press_data(self, data: str) -> list[str]:
        update = {
            "update_id": next(_update_ids),
            "callback_query": {
                "id": f"cbq-{next(self._message_ids)}",
                "from": self.person,
                "message": {"message_id": 1, "chat": self.chat, "date": 1767225600, "text": "…"},
                "chat_instance": "-8812",
                "data": data,
            },
        }
        return self._act(update)
