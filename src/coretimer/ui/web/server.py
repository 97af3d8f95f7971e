"""The web server behind `coretimer serve`: Textualize's textual-serve, with coretimer's own page.

What it changes in textual-serve's server:

- **coretimer's page** (`templates/page.html`, `static/`): a viewport tag, so a phone lays it out
  at its own width; the font served from here, so the page fetches nothing from any other host;
  a font size chosen for the screen; the screen kept awake during a session; cues spoken by the
  phone when the person asks for it.
- **The guard** (`guard.py`) on every request: the token, the served origin only, security
  headers; and an access log without the token.
- **The page's own messages**: the app tells the page when a session starts and ends and what
  each cue says, through the web driver's meta packets (`ui/page_link.py`); the server passes
  those (and only those) to the browser as `["coretimer", {...}]`.
- **URLs from the request**: the websocket is the page's own host, so the page works by any of
  the machine's names (127.0.0.1, its LAN address) and its cookie goes with it.
- **TLS** when given a certificate and key: a secure context, where the Wake Lock API exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import ssl
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from aiohttp.web_runner import GracefulExit
from rich.logging import RichHandler
from textual_serve.app_service import AppService
from textual_serve.server import Server

from coretimer.ui.web.guard import (
    OneLineLog,
    base_path,
    guard_middleware,
    redacting_access_logger,
)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
FONT = "fonts/RobotoMono-VariableFont_wght.ttf"  # in textual-serve's static folder

#: textual-serve's client, with two changes (each text is checked by a test, so a textual-serve
#: that moved it fails there rather than on a phone):
#: - the terminal object is kept where coretimer's page can reach it, to change the font size
#:   when the phone turns;
#: - no WebGL or canvas renderer: at a device pixel ratio of 3 both drew every letter three
#:   times too big on a canvas of one pixel per CSS pixel (the app was told 41 columns and showed
#:   14). xterm's DOM renderer lets the browser draw the text: crisp at every pixel ratio, and a
#:   tap lands on the cell drawn under the finger.
CLIENT_PATCHES = (
    ("t.fit(),s||t.connect()", "t.fit(),window.coretimerTerminal=t,s||t.connect()"),
    # A download is under the app's secret folder too (where the cookie goes).
    ("`${window.location.origin}/download/",
     "`${window.location.origin}${document.body.dataset.base}/download/"),
    ("this.terminal.loadAddon(this.webglAddon),", ""),
    ("this.terminal.loadAddon(this.canvasAddon),", ""),
)

log = logging.getLogger("coretimer.serve")

#: Pages (so app processes) open at once: a household's phone, tablet and laptop, and room
#: to spare; a page that reconnects in a loop cannot start apps without end.
MAX_PAGES = 8


class PageMessages(AppService):
    """textual-serve's link to one app process, which also passes coretimer's own meta packets
    (`{"type": "coretimer", ...}`) to the page."""

    async def on_meta(self, data: bytes) -> None:
        try:
            meta = json.loads(data)
        except ValueError:
            return
        if isinstance(meta, dict) and meta.get("type") == "coretimer":
            body = {k: v for k, v in meta.items() if k != "type"}
            await self.remote_write_str(json.dumps(["coretimer", body]))
            return
        await super().on_meta(data)


def patched_client(original: str) -> str:
    """textual-serve's client with `CLIENT_PATCHES`; one that no longer applies is logged and
    left out (the page still works, as textual-serve's own)."""
    for before, after in CLIENT_PATCHES:
        if original.count(before) != 1:
            log.warning("textual-serve's client has changed: cannot apply %r", before)
            continue
        original = original.replace(before, after)
    return original


class CoretimerServer(Server):
    def __init__(self, command: str, *, host: str, port: int, token: str,
                 public_url: str, tls: ssl.SSLContext | None = None,
                 max_pages: int = MAX_PAGES) -> None:
        super().__init__(command, host=host, port=port, title="coretimer",
                         public_url=public_url, templates_path=TEMPLATES)
        self.token = token
        self.base = base_path(token)
        self.tls = tls
        self.max_pages = max_pages
        self._client: bytes | None = None
        self._sockets: set[web.WebSocketResponse] = set()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[guard_middleware(self.token,
                                                            secure=self.tls is not None)])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.on_shutdown.append(self.on_shutdown)
        base = self.base
        app.add_routes([
            web.get("/", self.handle_entry),
            web.get(f"{base}/", self.handle_index, name="index"),
            web.get(f"{base}/ws", self.handle_websocket, name="websocket"),
            web.get(f"{base}/download/{{key}}", self.handle_download, name="download"),
            web.get(f"{base}/coretimer/textual.js", self.handle_client),
            web.static(f"{base}/coretimer", STATIC, name="coretimer"),
            web.static(f"{base}/static", self.statics_path, name="static"),
        ])
        return app

    async def handle_entry(self, request: web.Request) -> web.Response:
        """The printed URL (`/?token=…`; the guard has checked the token): on to the app's
        secret folder, where the cookie set with this answer is sent, and the token leaves
        the address bar."""
        query = "&".join(f"{k}={v}" for k, v in request.query.items()
                         if k == "fontsize" and v.isdigit())
        return web.Response(status=303, headers={
            "Location": f"{self.base}/" + (f"?{query}" if query else "")})

    async def handle_client(self, request: web.Request) -> web.Response:
        if self._client is None:
            original = (self.statics_path / "js" / "textual.js").read_text(encoding="utf-8")
            self._client = patched_client(original).encode()
        return web.Response(body=self._client, content_type="application/javascript")

    async def handle_index(self, request: web.Request) -> web.Response:
        scheme = "wss" if request.secure else "ws"
        context = {
            "websocket_url": f"{scheme}://{request.host}{self.base}/ws",
            "font_size": _font_size(request.query.get("fontsize")),
            "base": self.base,
            "font": f"{self.base}/static/{FONT}",
        }
        return aiohttp_jinja2.render_template("page.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's websocket, with `PageMessages` for the app process; past
        `max_pages` open at once, a page is told why and no app starts."""
        websocket = web.WebSocketResponse(heartbeat=15)
        if len(self._sockets) >= self.max_pages:
            return await self.refuse(websocket, request)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        service: PageMessages | None = None
        self._sockets.add(websocket)
        try:
            await websocket.prepare(request)
            service = PageMessages(self.command, write_bytes=websocket.send_bytes,
                                   write_str=websocket.send_str,
                                   close=websocket.close,  # type: ignore[arg-type]
                                   download_manager=self.download_manager, debug=self.debug)
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one page's failure must not stop the server
            log.exception(error)
        finally:
            self._sockets.discard(websocket)
            if service is not None:
                await service.stop()
        return websocket

    async def refuse(self, websocket: web.WebSocketResponse,
                     request: web.Request) -> web.WebSocketResponse:
        log.warning("a page was turned away: %d pages are open, the most at once",
                    self.max_pages)
        text = (f"This coretimer already has {self.max_pages} pages open, the most it runs at "
                "once: close one of them, then open this page again.")
        await websocket.prepare(request)
        await websocket.send_str(json.dumps(["coretimer", {"event": "full", "text": text}]))
        await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"too many pages")
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C (or SIGTERM): close every page's websocket, so each app is told to quit and
        the server ends now rather than when the last phone lets go."""
        for websocket in list(self._sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"coretimer stopped")

    async def on_startup(self, app: web.Application) -> None:
        return None  # coretimer prints its own banner

    def initialize_logging(self) -> None:
        """textual-serve's log, without its tracebacks (and their local variables): one
        redacted line a record."""

        handler = RichHandler(show_path=False, show_time=False, console=self.console)
        handler.addFilter(OneLineLog(self.token))
        logging.basicConfig(level="DEBUG" if self.debug else "INFO", format="%(message)s",
                            handlers=[handler], force=True)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, with coretimer's access log and TLS."""
        self.debug = debug
        self.initialize_logging()
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            loop = asyncio.new_event_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows
                loop.add_signal_handler(sig, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, print=lambda *args: None, ssl_context=self.tls,
                    shutdown_timeout=5,
                    access_log_class=redacting_access_logger(self.token))

    def request_exit(self) -> None:
        raise GracefulExit()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _font_size(value: str | None) -> int:
    """`?fontsize=N` (8-64 CSS px) fixes the page's font size; 0, the default, lets the page
    choose one for the screen."""
    size = _int(value, 0)
    return size if 8 <= size <= 64 else 0


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server TLS context from a PEM certificate (chain) and its key. Raises ValueError with
    a message naming the file and what to do."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    for path, what in ((cert, "--tls-cert"), (key, "--tls-key")):
        if not path.is_file():
            raise ValueError(f"{what} {path}: no such file")
    try:
        context.load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        raise ValueError(f"--tls-cert {cert} / --tls-key {key}: not a PEM certificate and its "
                         f"key ({exc.reason or exc})") from None
    except OSError as exc:
        raise ValueError(f"--tls-cert {cert} / --tls-key {key}: {exc.strerror or exc}") \
            from None
    return context


def make_server(host: str, port: int, token: str, command: str, public_url: str,
                tls: ssl.SSLContext | None) -> Any:
    return CoretimerServer(command, host=host, port=port, token=token, public_url=public_url,
                           tls=tls)
