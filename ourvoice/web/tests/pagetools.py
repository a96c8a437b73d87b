"""A tiny HTML reader for page tests: elements with their attributes, text and language."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    lang: str
    parent: "Element | None" = None
    text: str = ""
    # (language of the innermost element, text) for every piece of text inside this one
    chunks: list[tuple[str, str]] = field(default_factory=list)
    children: list["Element"] = field(default_factory=list)

    def ancestors(self) -> list["Element"]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    @property
    def clean_text(self) -> str:
        return " ".join(self.text.split())

    def text_in(self, lang: str) -> str:
        """The text inside this element that is in ``lang`` (by the nearest ``lang`` attribute)."""
        return " ".join("".join(text for chunk_lang, text in self.chunks if chunk_lang == lang).split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, "")
        self.stack = [self.root]
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        parent = self.stack[-1]
        element = Element(tag, values, values.get("lang") or parent.lang, parent)
        parent.children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        lang = self.stack[-1].lang
        for element in self.stack:
            element.text += data
            element.chunks.append((lang, data))


def parse(html: str) -> list[Element]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.elements


def find_all(elements: list[Element], tag: str, **attrs: str) -> list[Element]:
    return [
        element
        for element in elements
        if element.tag == tag and all(element.attrs.get(name) == value for name, value in attrs.items())
    ]


def has_khmer(text: str) -> bool:
    return any("\u1780" <= char <= "\u17ff" for char in text)
