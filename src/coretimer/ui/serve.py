"""`coretimer serve`: the same app, with the same data folder, in a browser (textual-serve).

Nobody else gets in: every request must carry the token, in the URL's `?token=` the first time
(the page then keeps it in a same-site, HTTP-only cookie for its websocket and its files). A
request without it gets 403 and nothing of the app. The server binds to loopback unless told
otherwise; there is no TLS, so use it only on a network you trust.
"""

from __future__ import annotations

import errno
import hmac
import ipaddress
import re
import secrets
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8600
COOKIE = "coretimer_token"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


class ServeError(Exception):
    """A bad option or an unusable address; `code` is the exit status (2: usage, 1: other)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def check_host(host: str) -> str:
    if host == "localhost":
        return host
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        raise ServeError(f"--host must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or "
                         f"localhost, not {host!r}", 2) from None


def is_loopback(host: str) -> bool:
    return host == "localhost" or ipaddress.ip_address(host).is_loopback


def check_token(token: str | None) -> str:
    """The token given, checked, or a new random one."""
    if token is None:
        return secrets.token_urlsafe(18)
    if not TOKEN_PATTERN.match(token):
        raise ServeError("--token must be 16 to 128 letters, digits, '-' or '_'", 2)
    return token


def check_port(host: str, port: int) -> None:
    """Fail early, in one line, when the port cannot be used."""
    if not 1 <= port <= 65535:
        raise ServeError(f"--port must be from 1 to 65535, not {port}", 2)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} is in use on {host} (another coretimer serve?): "
                                 "choose another with --port", 1) from None
            if exc.errno == errno.EACCES:
                raise ServeError(f"not allowed to use port {port}: choose one above 1023 "
                                 "with --port", 1) from None
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", 1) \
                from None


def lan_address() -> str:
    """This machine's address on the local network (for the URL a phone opens)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def public_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return lan_address()
    return f"[{host}]" if ":" in host else host


def app_command(data_dir: Path) -> str:
    """The command textual-serve runs for each browser: the app, on the same data folder."""
    return shlex.join([sys.executable, "-m", "coretimer", "--data-dir", str(data_dir)])


def qr_text(url: str) -> str:
    """A QR code of `url` for a terminal, in half blocks (segno: a maintained QR encoder)."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


Handler = Callable[["web.Request"], Awaitable["web.StreamResponse"]]


def token_middleware(token: str) -> Any:
    """An aiohttp middleware that answers 403 unless the request carries `token`."""
    from aiohttp import web

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            return web.Response(status=403, text="403: this coretimer needs its token.\n")
        response = await handler(request)
        if request.query.get("token") and isinstance(response, web.StreamResponse) and (
                not response.prepared):
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict")
        return response

    return require_token


def make_server(host: str, port: int, token: str, data_dir: Path) -> object:
    from textual_serve.server import Server

    class TokenServer(Server):
        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(token_middleware(token))
            return app

        async def on_startup(self, app: web.Application) -> None:
            return None  # coretimer prints its own banner

    return TokenServer(app_command(data_dir), host=host, port=port, title="coretimer",
                       public_url=f"http://{public_host(host)}:{port}")


def serve(host: str, port: int, token: str | None, data_dir: Path) -> int:
    """Check the options, print the URL and its QR code, then serve until Ctrl+C."""
    host = check_host(host)
    token = check_token(token)
    check_port(host, port)
    server = make_server(host, port, token, data_dir)
    url = f"http://{public_host(host)}:{port}/?token={token}"
    print(f"coretimer is served at {url}")
    if not is_loopback(host):
        print("Anyone on this network with the URL can open it. There is no TLS: use it only "
              "on a network you trust.")
        print(qr_text(url))
    print("Ctrl+C stops it.", flush=True)
    server.serve()  # type: ignore[attr-defined]
    return 0
