"""The sanitizer every HTML fragment of a report goes through, and the site's templates.

:mod:`.html` and :mod:`.index` use it.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when first used: a kernel rendering blocks needs neither
    import bleach
    import jinja2

__all__ = ["TEMPLATES_DIR", "clean_html", "site_environment", "is_local_href", "strip_bidi"]

#: Root of the package's templates (the nbconvert template and the site pages).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

_ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "style",
    }
)
# Elements removed together with everything inside them (the sanitizer lets them through so
# that _DropFilter sees them; their content must not survive as text).
_DROPPED = frozenset(
    {
        "script",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "template",
        "svg",
        "math",
        "form",
        "button",
        "input",
        "textarea",
        "select",
        "link",
        "meta",
        "base",
        "audio",
        "video",
        "source",
        "canvas",
    }
)
_GLOBAL_ATTRS = frozenset({"class", "id", "title", "lang", "dir", "style", "align", "valign"})
_TAG_ATTRS = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "table": {"border"},
    "ol": {"start"},
    "col": {"span"},
    "colgroup": {"span"},
}
_CSS_PROPERTIES = frozenset(
    {
        "color",
        "background-color",
        "text-align",
        "vertical-align",
        "font-weight",
        "font-style",
        "font-size",
        "text-decoration",
        "white-space",
        "width",
        "min-width",
        "max-width",
        "height",
        "padding",
        "padding-left",
        "padding-right",
        "padding-top",
        "padding-bottom",
        "margin",
        "margin-left",
        "margin-right",
        "margin-top",
        "margin-bottom",
        "border",
        "border-top",
        "border-bottom",
        "border-left",
        "border-right",
        "border-color",
        "border-collapse",
        "display",
    }
)
_CSS_DANGER = re.compile(
    r"url\(|@import|expression|javascript:|behavior|-moz-binding|\\|</", re.IGNORECASE
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp|svg\+xml);base64,", re.IGNORECASE)


# Bidirectional controls (LRE…RLO, LRI…PDI, LRM, RLM, ALM): a ledger name carrying U+202E
# would show the text after it reversed. Chinese reports never need them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters.

    >>> strip_bidi("水库\u202e库水")
    '水库库水'
    """
    return _BIDI.sub("", text)


def _normalized_url(value: str) -> str:
    text = html.unescape(value)
    return re.sub(r"[`\x00-\x20\x7f-\xa0\s]+", "", text).lower()


def is_local_href(value: str) -> bool:
    """True for a link that stays in the site: relative path, ``#anchor`` or ``mailto:``.

    >>> is_local_href("2023/city/annual_summary.html"), is_local_href("https://cdn.x/y.js")
    (True, False)
    >>> is_local_href("//cdn.x/y.js"), is_local_href(" JavaScript:alert(1)")
    (False, False)
    """
    url = _normalized_url(value)
    if url.startswith("//") or "\\" in url:
        return False
    return not _SCHEME.match(url) or url.startswith("mailto:")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name.startswith("on"):
        return False
    if name == "href":
        return tag == "a" and is_local_href(value)
    if name == "src":
        return tag == "img" and bool(_DATA_IMAGE.match(_normalized_url(value)))
    if name == "style":
        return not _CSS_DANGER.search(value)
    return name in _GLOBAL_ATTRS or name in _TAG_ATTRS.get(tag, ())


@cache
def _drop_filter() -> type:
    """The bleach filter dropping dangerous elements (made when bleach is first imported)."""
    from bleach.html5lib_shim import Filter

    class _DropFilter(Filter):
        """Drop dangerous elements with their content, unsafe <style>, images not inline."""

        def __iter__(self) -> Iterator[dict]:
            depth = 0
            buffered: list[dict] | None = None
            for token in super().__iter__():
                kind, name = token["type"], token.get("name")
                if name in _DROPPED and kind in ("StartTag", "EmptyTag", "EndTag"):
                    if kind == "StartTag":
                        depth += 1
                    elif kind == "EndTag":
                        depth = max(0, depth - 1)
                    continue
                if depth:
                    continue
                if name == "style" and kind == "StartTag":
                    buffered = [token]
                    continue
                if buffered is not None:
                    buffered.append(token)
                    if kind == "EndTag" and name == "style":
                        css = "".join(
                            t.get("data", "")
                            for t in buffered
                            if t["type"] in ("Characters", "SpaceCharacters")
                        )
                        if not _CSS_DANGER.search(css):
                            yield from buffered
                        buffered = None
                    continue
                if name == "img" and kind in ("StartTag", "EmptyTag"):
                    if (None, "src") not in token["data"]:
                        continue  # its source was not inline: it would show as a broken image
                    token["data"].setdefault((None, "alt"), "图片")
                yield token

    return _DropFilter


_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    """One Cleaner per thread (bleach's Cleaner is not thread-safe; reports publish in threads)."""
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _new_cleaner()
    return cleaner


def _new_cleaner() -> bleach.Cleaner:
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    return bleach.Cleaner(
        tags=_ALLOWED_TAGS | _DROPPED,
        attributes=_allowed_attribute,
        protocols={"http", "https", "mailto", "data"},  # narrowed by _allowed_attribute
        strip=True,
        strip_comments=True,
        css_sanitizer=CSSSanitizer(allowed_css_properties=_CSS_PROPERTIES),
        filters=[_drop_filter()],
    )


def clean_html(fragment: str) -> str:
    """Defence applied to every HTML fragment of a report (text/html, markdown).

    Keeps the markup of a report (headings, paragraphs, lists, tables, inline images given
    as ``data:image/...`` URIs, local links, pandas' ``<style>`` blocks) and removes
    everything that could run code or load something from elsewhere: ``<script>`` and other
    active elements together with their content, ``on*=`` attributes, links with a scheme
    (``https:``, ``javascript:``…) or starting with ``//``, images not inlined, CSS with
    ``url(``/``@import``/``expression``. Text is left escaped as it came.

    >>> clean_html('<p onclick="x()">水量<script>alert(1)</script></p>')
    '<p>水量</p>'
    >>> clean_html('<a href="https://cdn.example/x.js">链接</a><a href="a/b.html">报告</a>')
    '<a>链接</a><a href="a/b.html">报告</a>'
    """
    return _cleaner().clean(str(fragment))


@cache
def site_environment() -> jinja2.Environment:
    """Jinja environment of the site pages (index, failure page), autoescaping on."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES_DIR / "wb_site", TEMPLATES_DIR / "wb_offline"]),
        autoescape=True,
        finalize=lambda value: type(value)(strip_bidi(value)) if isinstance(value, str) else value,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
