"""Moodle's text formats made into the Markdown cybercourse shows, and Moodle's category paths."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Moodle's text formats, as GIFT names them in a `[format]` marker and Moodle XML in `format=`.
HTML = "html"
FORMAT_NAMES = {"moodle": "moodle", "html": HTML, "plain": "plain", "markdown": "markdown"}
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
XML_FORMATS = {"html": HTML, "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}


class _HtmlToMarkdown(HTMLParser):
    """Moodle's HTML texts as the Markdown cybercourse shows: paragraphs, lists, emphasis, links."""

    BLOCKS = {"p", "div", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
    MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self.MARKS:
            self.out.append(self.MARKS[tag])
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.out.append("[")
        elif tag == "img":
            self.images += 1
            alt = dict(attrs).get("alt")
            self.out.append(f"[{alt}]" if alt else "")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("**")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("**")
        if tag in self.BLOCKS:
            self.out.append("\n\n")
        elif tag in self.MARKS:
            self.out.append(self.MARKS[tag])
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            self.out.append(f"]({href})" if href else "]")
        elif tag in ("td", "th"):
            self.out.append(" | ")

    def handle_data(self, data: str) -> None:
        self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> tuple[str, int]:
    """Markdown for an HTML text from Moodle, and how many images it showed (not imported)."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out).replace("\u00a0", " ")
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(), parser.images


def as_markdown(text: str, text_format: str) -> tuple[str, int]:
    """A text in one of Moodle's formats as Markdown, and how many images it showed (not imported)."""
    if text_format == HTML or (text_format == "moodle" and _TAG.search(text)):
        # Moodle's own format shows HTML tags as HTML (its exports of plugin types write it so).
        return html_to_markdown(text)
    return text.strip(), 0


def category_parts(path: str) -> list[str]:
    """A Moodle category path (`$course$/top/Cybercrime//Law`) as its names: `['Cybercrime/Law']`.

    Moodle writes a `/` inside a name as `//`; its context prefix and the `top` category are not
    names a bank can take.
    """
    path = re.sub(r"^\$[a-z]+\$/?", "", path.strip())
    parts = [p.replace("\x00", "/").strip() for p in path.replace("//", "\x00").split("/")]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return [p for p in parts if p]


def category_path(title: str) -> str:
    """A bank title as one Moodle category name on one line: every `/` in it written `//`."""
    return " ".join(title.replace("/", "//").splitlines())
