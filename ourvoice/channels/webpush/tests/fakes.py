"""A local push service on loopback, standing in for the browser vendors' (FCM, Mozilla autopush,
Apple): it speaks RFC 8030 (``POST <endpoint>`` with ``TTL``, answers 201 Created), checks the
VAPID ``Authorization: vapid t=<JWT>, k=<key>`` header (RFC 8292: ES256 signature by ``k``,
``aud`` the endpoint's origin, ``exp`` within 24 h, a ``sub``), and decrypts the RFC 8291
``aes128gcm`` payload with the keys of a simulated browser, as the browser itself would.

``PushBrowser`` is that browser: its P-256 key pair and auth secret make the PushSubscription
JSON a page would send. ``gone`` endpoints answer 410 (the browser unsubscribed).
"""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushBrowser:
    """The browser side of a subscription: what ``pushManager.subscribe`` would make."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def subscription(self) -> dict[str, Any]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": _b64(point), "auth": _b64(self.auth)}}

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )


@dataclass
class Push:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    vapid_claims: dict[str, Any] | None
    vapid_error: str | None


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        fake: FakePushService = self.server.fake  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        claims, error = fake.verify_vapid(self.headers.get("Authorization", ""))
        with fake.lock:
            fake.received.append(
                Push(self.path, {k.lower(): v for k, v in self.headers.items()}, body, claims, error)
            )
        status = 410 if self.path in fake.gone else (401 if error else 201)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        if status == 201:
            self.send_header("Location", f"{fake.url}/message/{len(fake.received)}")
        self.end_headers()


class FakePushService:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.received: list[Push] = []
        self.gone: set[str] = set()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self._count = 0

    def browser(self) -> PushBrowser:
        self._count += 1
        return PushBrowser(endpoint=f"{self.url}/push/{_b64(os.urandom(12))}{self._count}")

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def verify_vapid(self, header: str) -> tuple[dict[str, Any] | None, str | None]:
        """RFC 8292 section 2-3: ``vapid t=<JWT>, k=<public key>``; the JWT is ES256-signed by k."""
        if not header.startswith("vapid "):
            return None, "no vapid scheme"
        params = dict(part.strip().split("=", 1) for part in header[len("vapid ") :].split(","))
        token, key = params.get("t", ""), params.get("k", "")
        try:
            signing_input, signature = token.rsplit(".", 1)
            header_b64, claims_b64 = signing_input.split(".")
            jwt_header = json.loads(_unb64(header_b64))
            claims = json.loads(_unb64(claims_b64))
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(key))
            raw = _unb64(signature)
            der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
            public.verify(der, signing_input.encode(), ec.ECDSA(hashes.SHA256()))
        except (ValueError, KeyError, InvalidSignature) as error:
            return None, f"bad token: {type(error).__name__}"
        if jwt_header.get("alg") != "ES256":
            return claims, "alg is not ES256"
        if claims.get("aud") != self.url:
            return claims, "aud is not the push service's origin"
        if not time.time() < int(claims.get("exp", 0)) <= time.time() + 24 * 3600:
            return claims, "exp not within 24 hours"
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            return claims, "no sub"
        claims["k"] = key
        return claims, None
