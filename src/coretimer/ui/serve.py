"""`coretimer serve`: the same app, with the same data folder, in a browser (textual-serve).

This module checks the options and prints the banner; the server, its page and its guard are
in `coretimer.ui.web`. Nobody else gets in: every request must carry the token (the URL's
`?token=` the first time, then an HTTP-only cookie) and come from the served origin. The server
binds to loopback unless told otherwise; without `--tls-cert`/`--tls-key` there is no TLS, so a
LAN address is for a network you trust.
"""

from __future__ import annotations

import errno
import io
import ipaddress
import re
import secrets
import shlex
import socket
import ssl
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8600
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,128}")


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
    if not TOKEN_PATTERN.fullmatch(token):
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

    # (serve only: the app in a terminal never loads the web server)
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def check_tls(cert: Path | None, key: Path | None) -> ssl.SSLContext | None:
    """A TLS context when both files are given, None when neither is."""
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise ServeError("--tls-cert and --tls-key go together: give both (a PEM certificate "
                         "and its key) or neither", 2)
    # (serve only: the app in a terminal never loads the web server)
    from coretimer.ui.web.server import tls_context

    try:
        return tls_context(cert, key)
    except ValueError as exc:
        raise ServeError(str(exc), 2) from None


def serve(host: str, port: int, token: str | None, data_dir: Path, *,
          tls_cert: Path | None = None, tls_key: Path | None = None) -> int:
    """Check the options, print the URL (and its QR code off loopback), then serve until
    Ctrl+C."""
    host = check_host(host)
    token = check_token(token)
    tls = check_tls(tls_cert, tls_key)
    check_port(host, port)
    # (serve only: the app in a terminal never loads the web server)
    from coretimer.ui.web.server import make_server

    scheme = "https" if tls is not None else "http"
    public_url = f"{scheme}://{public_host(host)}:{port}"
    server = make_server(host, port, token, app_command(data_dir), public_url, tls)
    url = f"{public_url}/?token={token}"
    print(f"coretimer is served at {url}")
    if not is_loopback(host):
        if tls is None:
            print("There is no TLS: anyone on this network who sees the traffic could read it. "
                  "Use it only on a network you trust (or give --tls-cert and --tls-key).")
        else:
            print("TLS is on. A phone may ask once whether to trust the certificate.")
        print("Anyone with this URL can open it: keep it to yourself.")
        print(qr_text(url))
    print("Ctrl+C stops it.", flush=True)
    server.serve()
    return 0
