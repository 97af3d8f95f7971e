"""`coretimer serve` against a hostile client on the same machine or network: malformed
requests, floods, tricks with the token. A real server in a subprocess, raw requests."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

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
