"""`coretimer serve`: the token, the options, the errors. A real server in a subprocess, real
HTTP requests (the browser tests are in test_browser.py)."""

from __future__ import annotations

import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coretimer.ui.serve import check_host, check_token, qr_text, token_middleware
from tests.helpers import free_port, start_serve, wait_for_port

TOKEN = "test-token-0123456789"



def serve(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return start_serve(tmp_path, *args, capture=True)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    proc = serve(tmp_path, "--port", str(port), "--token", TOKEN)
    wait_for_port(port)
    yield port, proc
    proc.terminate()
    proc.wait(timeout=10)


def test_without_the_token_everything_is_403(server: tuple[int, subprocess.Popen[str]]) -> None:
    port, _ = server
    base = f"http://127.0.0.1:{port}"
    for path in ["/", "/ws", "/static/js/textual.js", "/download/x", "/?token=wrong" + "x" * 16]:
        assert status(base + path) == 403, path
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(base + "/", timeout=10)
    body = caught.value.read().decode()
    assert "coretimer needs its token" in body and "<script" not in body


def test_with_the_token_the_page_loads_and_keeps_it_in_a_cookie(
        server: tuple[int, subprocess.Popen[str]]) -> None:
    port, _ = server
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=10) as r:
        assert r.status == 200
        cookie = r.headers["Set-Cookie"]
        page = r.read().decode()
    assert f"coretimer_token={TOKEN}" in cookie and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "textual" in page.lower()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/static/js/textual.js",
                                     headers={"Cookie": f"coretimer_token={TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 200


def test_the_url_is_printed_and_on_loopback_no_qr(server: tuple[int, subprocess.Popen[str]]
                                                   ) -> None:
    port, proc = server
    proc.terminate()
    out, err = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/?token={TOKEN}" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--host", "not a host"], 2, "--host must be an IP address"),
    (["--token", "short"], 2, "--token must be 16 to 128"),
    (["--token", "x" * 20 + "!"], 2, "--token must be 16 to 128"),
    (["--port", "0"], 2, "--port must be from 1 to 65535"),
    (["--port", "eighty"], 2, "invalid int value"),
])
def test_bad_options_are_one_line_and_exit_2(tmp_path: Path, args: list[str], code: int,
                                              message: str) -> None:
    proc = serve(tmp_path, *args)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == code
    assert message in err and "Traceback" not in err + out


def test_a_busy_port_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = serve(tmp_path, "--port", str(port))
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    assert err.strip().count("\n") == 0 and f"port {port} is in use" in err
    assert "Traceback" not in err + out


def test_a_random_token_each_start_and_checked_tokens() -> None:
    assert check_token(None) != check_token(None)
    assert len(check_token(None)) >= 16
    assert check_token("a" * 16) == "a" * 16
    assert check_host("0.0.0.0") == "0.0.0.0" and check_host("localhost") == "localhost"


def test_the_qr_code_is_of_the_url() -> None:
    text = qr_text("http://192.168.1.20:8600/?token=abcdefghijklmnop")
    rows = [r for r in text.splitlines() if r.strip()]
    assert len(rows) > 10 and any("█" in r or "▀" in r or "▄" in r for r in rows)


async def test_the_token_is_compared_for_every_route() -> None:
    """The middleware itself: a wrong token, no token, the right one in the URL or the cookie."""
    from aiohttp import web
    from aiohttp.test_utils import make_mocked_request

    middleware = token_middleware(TOKEN)

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(text="app")

    for path, headers, expected in [
        ("/", {}, 403), (f"/?token={TOKEN}x", {}, 403), (f"/?token={TOKEN}", {}, 200),
        ("/ws", {"Cookie": f"coretimer_token={TOKEN}"}, 200),
        ("/ws", {"Cookie": "coretimer_token=nope"}, 403),
    ]:
        response = await middleware(make_mocked_request("GET", path, headers=headers), handler)
        assert response.status == expected, (path, headers)
