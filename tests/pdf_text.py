"""The text on each page of a PDF as headless chromium prints one, read without a PDF
library: chromium writes PDF 1.4 with plain objects (no object streams), page contents and
fonts' ToUnicode maps as Flate streams, and every glyph as a 2-byte code (Identity-H). Enough
to say on which page a piece of text was printed; not a general PDF reader."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_REF = rb"(\d+) 0 R"


def _stream(body: bytes) -> bytes:
    start = body.index(b"stream") + len(b"stream")
    data = body[start:body.rindex(b"endstream")]
    data = data[2:] if data.startswith(b"\r\n") else data[1:]
    return zlib.decompress(data) if b"/FlateDecode" in body[:start] else data


def _unicode_map(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: glyph code -> text."""
    out: dict[int, str] = {}

    def text(hexes: bytes) -> str:
        return bytes.fromhex(hexes.decode()).decode("utf-16-be")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            first, last = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                for i, each in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", dst)):
                    out[first + i] = text(each)
            else:
                base = text(dst[1:-1])
                for i in range(last - first + 1):
                    out[first + i] = base[:-1] + chr(ord(base[-1]) + i)
    return out


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, in page order; the text objects of a page joined by spaces."""
    objects = {int(n): body for n, body in _OBJECT.findall(pdf)}
    maps: dict[int, dict[int, str]] = {}

    def font_map(number: int) -> dict[int, str]:
        if number not in maps:
            found = re.search(rb"/ToUnicode " + _REF, objects[number])
            maps[number] = _unicode_map(_stream(objects[int(found.group(1))])) if found else {}
        return maps[number]

    pages_root = next(body for body in objects.values() if re.search(rb"/Type /Pages\b", body))
    kids = re.search(rb"/Kids \[([^\]]*)\]", pages_root)
    assert kids is not None, "no page list"
    texts = []
    for number in (int(n) for n in re.findall(_REF, kids.group(1))):
        page = objects[number]
        fonts_entry = re.search(rb"/Font <<(.*?)>>", page, re.S)
        fonts = {name: int(ref) for name, ref in
                 re.findall(rb"/(\w+) " + _REF, fonts_entry.group(1))} if fonts_entry else {}
        contents = re.search(rb"/Contents (?:" + _REF + rb"|\[([^\]]*)\])", page)
        refs = ([contents.group(1)] if contents and contents.group(1)
                else re.findall(_REF, contents.group(2)) if contents else [])
        content = b"\n".join(_stream(objects[int(r)]) for r in refs)
        runs = []
        for block in re.findall(rb"BT(.*?)ET", content, re.S):
            chars: list[str] = []
            current: dict[int, str] = {}
            for font, hexes in re.findall(rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)>", block):
                if font:
                    current = font_map(fonts[font]) if font in fonts else {}
                    continue
                chars += [current.get(int(hexes[i:i + 4], 16), "\ufffd")
                          for i in range(0, len(hexes), 4)]
            runs.append("".join(chars))
        texts.append(" ".join(runs))
    return texts
