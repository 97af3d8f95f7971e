"""`coretimer serve` against a hostile client on the same machine or network: malformed
requests, floods, tricks with the token. A real server in a subprocess, raw requests."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path
from typing import Any

from tests.helpers import free_port, start_serve, wait_for_port

TOKEN = "test-token-0123456789"


def raw(port: int, request: bytes) -> bytes:
    """Send `request` as is; the answer's first line."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        return conn.recv(4096).split(b"\r\n", 1)[0]


def stopped(proc: subprocess.Popen[str]) -> list[str]:
    proc.terminate()
    out, err = proc.communicate(timeout=15)
    return (out + err).splitlines()


def test_a_malformed_request_is_one_log_line_without_the_token(tmp_path: Path) -> None:
    """Anyone who can reach the port (no token needed) can send a request aiohttp cannot parse:
    the terminal gets one line for it, never a traceback (with its local variables, which held
    the raw request and so the token)."""
    port = free_port()
    proc = start_serve(tmp_path, "--port", str(port), "--token", TOKEN, capture=True)
    wait_for_port(port)
    head = f"GET /?token={TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()
    for request in [head + b"X-Big: " + b"a" * 10_000 + b"\r\n\r\n",
                    head + b"".join(b"X-%d: a\r\n" % i for i in range(200)) + b"\r\n",
                    f"GET /?token={TOKEN}&x={'a' * 10_000} HTTP/1.1\r\n\r\n".encode()]:
        assert raw(port, request).split(b" ")[1] == b"400"
    lines = stopped(proc)
    assert [line for line in lines if TOKEN in line] == [
        f"coretimer is served at http://127.0.0.1:{port}/?token={TOKEN}"]
    text = "\n".join(lines)
    assert "Traceback" not in text and "locals" not in text and "│" not in text
    errors = [line for line in lines if "Error handling request" in line]
    assert len(errors) == 3
    assert all("400" in line for line in errors), errors


# -- a flood of pages ----------------------------------------------------------------------------

#: Stands in for the app: says it is ready, then ends at the first thing the server writes
#: to it (the quit message when its page goes).
STUB_APP = "import sys; print('__GANGLION__', flush=True); sys.stdin.buffer.read(1)"


async def test_past_the_cap_a_page_is_told_why_and_no_app_starts() -> None:
    """Every websocket starts an app process: a page that reconnects in a loop, or a hand
    with the token, must not start them without end. Past `max_pages` the page is told in
    words why, the socket closes with "try again later", and the pages already open go on."""
    import json
    import shlex
    import sys

    import aiohttp
    from aiohttp import WSCloseCode, WSMsgType
    from aiohttp.test_utils import TestServer

    from coretimer.ui.web.server import CoretimerServer

    command = shlex.join([sys.executable, "-c", STUB_APP])
    server = CoretimerServer(command, host="127.0.0.1", port=0, token=TOKEN,
                             public_url="http://127.0.0.1", max_pages=2)
    async with TestServer(await server._make_app()) as test_server, \
            aiohttp.ClientSession() as session:
        url = str(test_server.make_url(f"{server.base}/ws"))
        headers = {"Cookie": f"coretimer_token={TOKEN}",
                   "Origin": f"http://127.0.0.1:{test_server.port}"}
        first = await session.ws_connect(url, headers=headers)
        second = await session.ws_connect(url, headers=headers)
        third = await session.ws_connect(url, headers=headers)
        message = await third.receive(timeout=10)
        assert message.type is WSMsgType.TEXT
        kind, body = json.loads(message.data)
        assert kind == "coretimer" and body["event"] == "full"
        assert "2 pages" in body["text"] and "close one" in body["text"]
        closing = await third.receive(timeout=10)
        assert closing.type is WSMsgType.CLOSE
        assert closing.data == WSCloseCode.TRY_AGAIN_LATER
        assert len(server._sockets) == 2 and not first.closed and not second.closed
        await first.close()
        await open_pages(server, 1)
        fourth = await session.ws_connect(url, headers=headers)  # room again
        assert not fourth.closed and len(server._sockets) == 2
        for ws in (second, fourth):
            await ws.close()
        await open_pages(server, 0)  # each app has ended before the loop does


async def open_pages(server: Any, count: int) -> None:
    """Until the server has `count` pages open (a closed page's app ends in its own time)."""
    import asyncio

    for _ in range(200):
        if len(server._sockets) == count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{len(server._sockets)} pages open, not {count}")


# -- error answers ------------------------------------------------------------------------------

async def test_an_error_answer_carries_the_security_headers() -> None:
    """A 404 (the download route puts the key from the URL into its text), a 405: with the
    token, an error answer is a page of this origin too, so it gets nosniff, the CSP and
    no framing like any other."""
    from aiohttp import web
    from aiohttp.test_utils import make_mocked_request

    from coretimer.ui.web.guard import SECURITY_HEADERS, guard_middleware

    middleware = guard_middleware(TOKEN)
    for error in (web.HTTPNotFound(text="Download with key '<script>' not found"),
                  web.HTTPMethodNotAllowed("POST", ["GET"])):
        async def handler(request: web.Request, error: web.HTTPException = error
                          ) -> web.StreamResponse:
            raise error

        request = make_mocked_request("GET", f"/download/x?token={TOKEN}")
        try:
            await middleware(request, handler)
        except web.HTTPException as raised:
            answer = raised
        assert answer.status == error.status
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers.get(name) == value, (error.status, name)


def test_a_percent_encoded_token_is_redacted_in_the_log(tmp_path: Path) -> None:
    """`?%74oken=%74est-…` is the token to the server (the query is decoded): the access log
    must not print it either, encoded or not."""
    port = free_port()
    proc = start_serve(tmp_path, "--port", str(port), "--token", TOKEN, capture=True)
    wait_for_port(port)
    encoded = "".join(f"%{ord(c):02X}" for c in TOKEN)
    for query in (f"%74oken={encoded}", f"%74oken=%74{TOKEN[1:]}&x=1"):
        answer = raw(port, f"GET /?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert answer.split(b" ")[1] == b"303"  # on to the secret folder
    lines = stopped(proc)
    log = lines[lines.index("Ctrl+C stops it.") + 1:]
    joined = "".join("".join(log).split())  # the log wraps long lines anywhere
    assert joined.count("GET/?") == 2, log
    assert encoded not in joined and TOKEN[1:] not in joined, log
    assert 'GET/?token=…HTTP/1.1"303' in joined
