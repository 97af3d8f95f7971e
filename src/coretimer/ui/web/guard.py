"""Who may talk to `coretimer serve`, and what its log may say.

Three rules, each an aiohttp piece the server plugs in:

- **The token.** Every request carries it, in the URL's `?token=` the first time; the page then
  keeps it in an HTTP-only, same-site cookie for its websocket and its files.
- **The served origin only.** A page of another origin (another port of the same host counts:
  every port of 127.0.0.1 is the same *site*, so the cookie alone would let it in) gets 403 from
  the websocket and from every page request: by its `Origin` header where the browser sends one,
  and by `Sec-Fetch-Site` where it does not (only a top-level navigation, which shows the
  stranger nothing, may come from elsewhere: a link in a chat app opens the page).
- **No token in the log.** The access log writes every request line and Referer with the token's
  value replaced by `…`; every other log line (aiohttp's own, textual-serve's) is one line, with
  no traceback (whose local variables held the raw request), and redacted the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

COOKIE = "coretimer_token"
REDACTED = "…"

Handler = Callable[["web.Request"], Awaitable["web.StreamResponse"]]

#: Sent with every answer: the page may not be framed by anyone, sends no Referer (its URL
#: carries the token the first time) and loads nothing from any other host.
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "media-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'none'"),
}


def served_origin(request: web.Request) -> str:
    """The origin the page was served from, as the browser names it (`http://host:port`)."""
    return f"{request.scheme}://{request.host}".lower()


def foreign(request: web.Request) -> str | None:
    """Why this request comes from another origin than the served one, or None."""
    origin = request.headers.get("Origin")
    if origin is not None and origin.lower() != served_origin(request):
        return f"Origin {origin!r}"
    site = request.headers.get("Sec-Fetch-Site", "none")
    navigation = (request.headers.get("Sec-Fetch-Mode") == "navigate"
                  and request.headers.get("Sec-Fetch-Dest") == "document")
    if site in ("cross-site", "same-site") and not navigation:
        return f"Sec-Fetch-Site {site!r}"
    return None


def base_path(token: str) -> str:
    """The secret folder every route of the app lives under: derived from the token (so a
    bookmark outlives a restart with the same `--token`), and telling nothing of it.

    The cookie is scoped to it. A browser sends a host's cookies to every port of that host, so
    a cookie at `/` would go with any request to another server on the same machine (another
    user's, on a shared one); under this path it goes only where that server cannot guess."""
    # (serve only: the app in a terminal never loads the web server)
    import base64

    digest = hashlib.sha256(b"coretimer serve: " + token.encode()).digest()
    return "/s/" + base64.urlsafe_b64encode(digest).decode()[:22]


def guard_middleware(token: str, *, secure: bool = False) -> Any:
    """An aiohttp middleware: 403 for a request from another origin or without `token`; the
    security headers on every answer; the cookie (scoped to `base_path`) set when the URL
    brought the token."""
    # (serve only: the app in a terminal never loads the web server)
    from aiohttp import web

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if foreign(request) is not None:
            return forbidden("403: coretimer answers only its own page.\n")
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            return forbidden("403: this coretimer needs its token.\n")
        try:
            response = await handler(request)
        except web.HTTPException as error:  # a 404, a 405: an answer of this origin too
            error.headers.update(SECURITY_HEADERS)
            raise
        if isinstance(response, web.StreamResponse) and not response.prepared:
            response.headers.update(SECURITY_HEADERS)
            if request.query.get("token"):
                response.set_cookie(COOKIE, token, path=base_path(token), httponly=True,
                                    samesite="Strict", secure=secure)
        return response

    return guard


def forbidden(text: str) -> web.Response:
    # (serve only: the app in a terminal never loads the web server)
    from aiohttp import web

    response = web.Response(status=403, text=text)
    response.headers.update(SECURITY_HEADERS)
    return response


def redact(text: str, token: str) -> str:
    """`text` with `token` (and any `token=` value, right or wrong) replaced."""
    text = re.sub(r"(token=)[^&\s\"']*", rf"\g<1>{REDACTED}", text)
    return text.replace(token, REDACTED) if token else text


def logged_target(request: Any, token: str) -> str:
    """The request's path and query as the log shows them: the query rebuilt from its decoded
    pairs, so a `token` (or the token's value) written with percent escapes is redacted too."""
    # (serve only: the app in a terminal never loads the web server)
    from urllib.parse import quote

    pairs = [f"{quote(key)}={REDACTED if key == 'token' or value == token else quote(value)}"
             for key, value in request.query.items()]
    path = str(request.rel_url.raw_path)
    return path + ("?" + "&".join(pairs) if pairs else "")


def redacting_access_logger(token: str) -> type[Any]:
    """An aiohttp access-log class that never writes the token: the request line with the
    token's value replaced, the status, the size, the time taken."""
    # (serve only: the app in a terminal never loads the web server)
    from aiohttp.abc import AbstractAccessLogger

    class RedactingAccessLogger(AbstractAccessLogger):
        def log(self, request: Any, response: Any, time: float) -> None:
            line = f"{request.method} {logged_target(request, token)} " \
                   f"HTTP/{request.version.major}.{request.version.minor}"
            self.logger.info(redact(f'{request.remote} "{line}" {response.status} '
                                    f"{response.body_length} {time * 1000:.0f} ms", token))

    return RedactingAccessLogger


class OneLineLog(logging.Filter):
    """Makes every log record one redacted line: an exception becomes its type and message
    (aiohttp logs a request it cannot parse with its traceback, and anyone who reaches the
    port can send one)."""

    LONGEST = 300

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message}: {type(error).__name__}: {error}"
        message = " ".join(redact(message, self.token).split())
        if len(message) > self.LONGEST:
            message = message[:self.LONGEST] + REDACTED
        record.msg, record.args = message, ()
        record.exc_info = record.exc_text = record.stack_info = None
        return True
