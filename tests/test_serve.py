"""`coretimer serve`: the token, the options, the errors. A real server in a subprocess, real
HTTP requests (the browser tests are in test_browser.py)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coretimer.ui.serve import check_host, check_token, qr_text
from coretimer.ui.web.guard import base_path, guard_middleware
from tests.helpers import free_port, start_serve, wait_for_port

TOKEN = "test-token-0123456789"
#: Where the app lives: every route but the entry `/?token=` is under this secret folder.
BASE = base_path(TOKEN)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None



def serve(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return start_serve(tmp_path, *args, capture=True)


def status(url: str) -> int:
    try:
        with urllib.request.build_opener(NoRedirects).open(url, timeout=10) as response:
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
    for path in ["/", "/ws", "/static/js/textual.js", "/download/x", "/?token=wrong" + "x" * 16,
                 f"{BASE}/", f"{BASE}/ws", f"{BASE}/static/js/textual.js", f"{BASE}/download/x",
                 f"{BASE}/coretimer/page.js"]:
        assert status(base + path) == 403, path
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(base + "/", timeout=10)
    body = caught.value.read().decode()
    assert "coretimer needs its token" in body and "<script" not in body


def test_with_the_token_the_page_loads_and_keeps_it_in_a_cookie(
        server: tuple[int, subprocess.Popen[str]]) -> None:
    """The printed URL sends the browser on to the secret folder, with the cookie scoped to it
    (a cookie goes to every port of its host: at `/` another server here would get it)."""
    port, _ = server
    try:
        urllib.request.build_opener(NoRedirects).open(
            f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=10)
        raise AssertionError("the entry URL answers with a redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 303 and answer.headers["Location"] == f"{BASE}/"
        cookie = answer.headers["Set-Cookie"]
    assert f"coretimer_token={TOKEN}" in cookie and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and f"Path={BASE}" in cookie
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=10) as r:
        assert r.status == 200 and r.url == f"http://127.0.0.1:{port}{BASE}/"
        page = r.read().decode()
    assert "textual" in page.lower() and TOKEN not in page
    assert [c.path for c in jar] == [BASE]
    with browser.open(f"http://127.0.0.1:{port}{BASE}/static/js/textual.js", timeout=10) as r:
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

    middleware = guard_middleware(TOKEN)

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(text="app")

    for path, headers, expected in [
        ("/", {}, 403), (f"/?token={TOKEN}x", {}, 403), (f"/?token={TOKEN}", {}, 200),
        ("/ws", {"Cookie": f"coretimer_token={TOKEN}"}, 200),
        ("/ws", {"Cookie": "coretimer_token=nope"}, 403),
    ]:
        response = await middleware(make_mocked_request("GET", path, headers=headers), handler)
        assert response.status == expected, (path, headers)


# -- the served origin only (issue 23) -----------------------------------------------------------

def get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=10) as response:
            return int(response.status), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


@pytest.mark.parametrize("path", [f"{BASE}/", f"{BASE}/ws", f"{BASE}/static/js/textual.js",
                                  f"{BASE}/coretimer/page.js", f"{BASE}/coretimer/textual.js",
                                  f"{BASE}/download/x"])
def test_another_origin_gets_403_even_with_the_cookie(
        server: tuple[int, subprocess.Popen[str]], path: str) -> None:
    """Every port of 127.0.0.1 is the same site, so the same-site cookie goes with a request
    from another port's page: the Origin (or Sec-Fetch-Site) shuts it out."""
    port, _ = server
    url = f"http://127.0.0.1:{port}{path}"
    cookie = {"Cookie": f"coretimer_token={TOKEN}"}
    for headers in [{"Origin": f"http://127.0.0.1:{port + 1}"},
                    {"Origin": "http://evil.example"},
                    {"Origin": "null"},
                    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors"},
                    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors",
                     "Sec-Fetch-Dest": "script"}]:
        code, _ = get(url, {**cookie, **headers})
        assert code == 403, (path, headers)
    if path in (f"{BASE}/", f"{BASE}/coretimer/page.js"):
        code, answer = get(url, {**cookie, "Origin": f"http://127.0.0.1:{port}",
                                 "Sec-Fetch-Site": "same-origin"})
        assert code == 200
        assert answer["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in answer[
            "Content-Security-Policy"]


def test_a_link_from_elsewhere_still_opens_the_page(
        server: tuple[int, subprocess.Popen[str]]) -> None:
    """A top-level navigation from another site (a link in a chat app) shows the page: the
    stranger who sent it sees nothing of it."""
    port, _ = server
    code, _ = get(f"http://127.0.0.1:{port}/?token={TOKEN}", {
        "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate",
        "Sec-Fetch-Dest": "document"})
    assert code == 303


async def test_a_websocket_with_the_cookie_and_a_foreign_origin_gets_403(
        server: tuple[int, subprocess.Popen[str]]) -> None:
    import aiohttp

    port, _ = server
    headers = {"Cookie": f"coretimer_token={TOKEN}"}
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"http://127.0.0.1:{port}{BASE}/ws", headers={
                **headers, "Origin": f"http://127.0.0.1:{port + 7}"})
        assert refused.value.status == 403
        # The same request from the served origin opens (and is closed again at once).
        ws = await session.ws_connect(f"http://127.0.0.1:{port}{BASE}/ws", headers={
            **headers, "Origin": f"http://127.0.0.1:{port}"})
        await ws.close()


# -- the token ----------------------------------------------------------------------------------

def test_the_token_never_reaches_the_log(tmp_path: Path) -> None:
    """The access log writes every request, with the token's value replaced: in the URL (right
    or wrong) and in the cookie's requests. Only the banner, which the person needs, has it."""
    port = free_port()
    proc = serve(tmp_path, "--port", str(port), "--token", TOKEN)
    wait_for_port(port)
    base = f"http://127.0.0.1:{port}"
    assert status(f"{base}/?token={TOKEN}") == 303
    assert status(f"{base}/?token={TOKEN}x&fontsize=16") == 403
    get(f"{base}{BASE}/coretimer/page.css", {"Cookie": f"coretimer_token={TOKEN}",
                                       "Referer": f"{base}/?token={TOKEN}"})
    proc.terminate()
    out, err = proc.communicate(timeout=15)
    lines = (out + err).splitlines()
    assert [line for line in lines if TOKEN in line] == [
        f"coretimer is served at http://127.0.0.1:{port}/?token={TOKEN}"]
    logged = " ".join(lines)
    assert '"GET /?token=… HTTP/1.1" 303' in logged and "/coretimer/page.css" in logged
    assert "Traceback" not in logged


@pytest.mark.parametrize("token", ["x" * 20 + "\n", "x" * 20 + "\r\n", "\n" + "x" * 20,
                                   "x" * 20 + " ", "x" * 129])
def test_the_token_must_match_in_full(token: str) -> None:
    from coretimer.ui.serve import ServeError

    with pytest.raises(ServeError, match="--token must be 16 to 128"):
        check_token(token)


def test_a_token_with_a_trailing_newline_is_refused_on_the_command_line(tmp_path: Path) -> None:
    proc = serve(tmp_path, "--token", "x" * 20 + "\n")
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert "--token must be 16 to 128" in err and "Traceback" not in out + err


# -- TLS and the network warning ----------------------------------------------------------------

def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")
def test_with_a_certificate_it_serves_https_and_the_cookie_is_secure(tmp_path: Path) -> None:
    import ssl

    cert, key = self_signed(tmp_path)
    port = free_port()
    proc = serve(tmp_path, "--port", str(port), "--token", TOKEN, "--tls-cert", str(cert),
                 "--tls-key", str(key))
    try:
        wait_for_port(port)
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                              urllib.request.HTTPSHandler(context=context))
        with browser.open(f"https://127.0.0.1:{port}/?token={TOKEN}", timeout=10) as r:
            assert r.status == 200
            assert f"wss://127.0.0.1:{port}{BASE}/ws" in r.read().decode()
        assert [(c.path, c.secure) for c in jar] == [(BASE, True)]
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert f"https://127.0.0.1:{port}/?token={TOKEN}" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key go together"),
    (["--tls-key", "key.pem"], "--tls-cert and --tls-key go together"),
    (["--tls-cert", "nope.pem", "--tls-key", "key.pem"], "--tls-cert nope.pem: no such file"),
    (["--tls-cert", "garbage.pem", "--tls-key", "garbage.pem"], "not a PEM certificate"),
])
def test_bad_tls_options_are_one_line_and_exit_2(tmp_path: Path, args: list[str],
                                                 message: str) -> None:
    (tmp_path / "garbage.pem").write_text("not a certificate\n")
    (tmp_path / "key.pem").write_text("not a key\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "coretimer", "--data-dir", str(tmp_path / "data"), "serve",
         *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "CORETIMER_CONFIG_DIR": str(tmp_path / "config")})
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert message in err and err.strip().count("\n") == 0 and "Traceback" not in err + out


def test_off_loopback_it_says_there_is_no_tls(tmp_path: Path) -> None:
    port = free_port()
    proc = serve(tmp_path, "--host", "0.0.0.0", "--port", str(port), "--token", TOKEN)
    wait_for_port(port)
    proc.terminate()
    out, err = proc.communicate(timeout=15)
    assert "There is no TLS" in out and "only on a network you trust" in out
    assert "--tls-cert" in out and "Traceback" not in out + err


# -- the page and the server's parts ------------------------------------------------------------

def test_the_page_is_for_phones_and_names_no_other_host(
        server: tuple[int, subprocess.Popen[str]]) -> None:
    port, _ = server
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=10) as r:
        page = r.read().decode()
    assert '<meta name="viewport" content="width=device-width' in page
    assert f"ws://127.0.0.1:{port}{BASE}/ws" in page
    from coretimer.ui.web import server as web_server

    texts = [page] + [p.read_text() for p in web_server.STATIC.glob("*.*")
                      if p.suffix in (".css", ".js")]
    for text in texts:
        hosts = re.findall(r"(?:https?|wss?)://[^\s\"')]+", text)
        assert all(h.startswith((f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}"))
                   for h in hosts), hosts
    assert (web_server.STATIC / "awake.webm").stat().st_size < 20_000


def test_every_change_to_textual_serves_client_applies() -> None:
    """The patched client keeps the terminal reachable and draws with the DOM renderer; a
    textual-serve that moved either text fails here, not on a phone."""
    from textual_serve import server as ts

    from coretimer.ui.web.server import CLIENT_PATCHES, patched_client

    original = (Path(ts.__file__).parent / "static" / "js" / "textual.js").read_text()
    for before, _ in CLIENT_PATCHES:
        assert original.count(before) == 1, before
    patched = patched_client(original)
    assert "window.coretimerTerminal=t" in patched
    assert "loadAddon(this.webglAddon)" not in patched
    assert "loadAddon(this.canvasAddon)" not in patched


async def test_only_coretimers_meta_packets_reach_the_page() -> None:
    from coretimer.ui.web.server import PageMessages

    sent: list[str] = []
    service = PageMessages.__new__(PageMessages)

    async def remote_write_str(text: str) -> None:
        sent.append(text)

    service.remote_write_str = remote_write_str  # type: ignore[method-assign]
    await service.on_meta(json.dumps({"type": "coretimer", "event": "session",
                                      "active": True}).encode())
    await service.on_meta(b"not json")
    await service.on_meta(json.dumps({"type": "mystery"}).encode())  # textual-serve's: logged
    assert [json.loads(s) for s in sent] == [["coretimer", {"event": "session",
                                                            "active": True}]]
