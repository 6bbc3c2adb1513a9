"""The ASGI layers every request passes: security headers, a JSON 500 for any failure, the token,
and the request-size limit. Plain ASGI (no BaseHTTPMiddleware), so they see every response."""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import parse_qs

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("newstrace.web")

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}

_HEADERS = tuple(SECURITY_HEADERS.items())


def json_body(status: int, message: str) -> bytes:
    return json.dumps({"error": message, "status": status}, ensure_ascii=False).encode()


async def send_json(send: Send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    body = json_body(status, message)
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Outermost layer: adds the security headers to every response, and turns any exception that
    escaped the app into a JSON 500 with no internals (the traceback goes to the log only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in _HEADERS if k.encode() not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("newstrace serve: request failed")
            if not started:
                await send_json(send_with_headers, 500, "internal error")


class TokenGate:
    """With a token, every request must carry it (`Authorization: Bearer TOKEN` or `?token=TOKEN`),
    else 401. With `allowed_hosts`, a request whose Host header names another host is refused (400):
    a page on another site cannot reach a loopback server by rebinding its own name to 127.0.0.1."""

    def __init__(self, app: ASGIApp, token: str | None, allowed_hosts: list[str] | None = None) -> None:
        self.app = app
        self.token = token.encode() if token else None
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    def _host_ok(self, scope: Scope) -> bool:
        if self.allowed_hosts is None:
            return True
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        host = host.lower()
        if host.startswith("["):  # [::1]:8765
            name = host[: host.find("]") + 1]
        else:
            name = host.rsplit(":", 1)[0] if ":" in host else host
        return name in self.allowed_hosts

    def _token_ok(self, scope: Scope) -> bool:
        assert self.token is not None
        given: bytes | None = None
        for key, value in scope.get("headers", []):
            if key == b"authorization":
                scheme, _, credential = value.partition(b" ")
                if scheme.lower() == b"bearer":
                    given = credential.strip()
                break
        if given is None:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            if query.get("token"):
                given = query["token"][0].encode("latin-1")
        # compare_digest: the time taken does not tell how much of a guess was right
        return given is not None and hmac.compare_digest(given, self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._host_ok(scope):
            await send_json(send, 400, "host not allowed")
            return
        if self.token is not None and not self._token_ok(scope):
            await send_json(send, 401, "a valid token is required", {"www-authenticate": "Bearer"})
            return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse a request body over `max_bytes` with 413: at once from Content-Length, else as soon as
    the streamed body passes the limit (the route reading it gets an HTTPException(413))."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body over {self.max_bytes} bytes"
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_json(send, 400, "bad Content-Length")
                    return
                if declared > self.max_bytes:
                    await send_json(send, 413, message)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, message)
            return msg

        await self.app(scope, limited, send)
