"""The privacy guard: a report must not name the home, give its address or refer to any child.

Published reports are anonymised. Before export, the rendered HTML's text (and the attribute
texts a reader or screen reader meets: alt, title, aria-label) is searched for the home's name,
its address lines and postcode, and every pseudonymous reference of a child of that home. A hit
stops the export with where it was found; there is deliberately no way to override this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from workbench.errors import UserError

#: Names that are not names (Ofsted's redacted rows) and are never searched for.
_NOT_A_NAME = {"redacted", "not recorded", "unknown", ""}
#: Attributes whose text is read out or shown.
_READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "value")
_SKIPPED_ELEMENTS = {"style", "script", "template"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Hit:
    """One forbidden text found: what it is, where (the section heading) and the line of HTML."""

    what: str
    section: str
    line: int


@dataclass(frozen=True)
class _Needle:
    what: str
    pattern: re.Pattern[str]


class _TextCollector(HTMLParser):
    """Collects (text, section heading, line) from HTML, skipping styles and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[str, str, int]] = []
        self.section = "top of the report"
        self._skip = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skip += 1
        if tag in _HEADINGS:
            self._heading = []
        for name, value in attrs:
            if name in _READ_ATTRIBUTES and value:
                self.chunks.append((value, self.section, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS and self._skip:
            self._skip -= 1
        if tag in _HEADINGS and self._heading is not None:
            self.section = " ".join("".join(self._heading).split()) or self.section
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None:
            self._heading.append(data)
        self.chunks.append((data, self.section, self.getpos()[0]))


def _words(text: str) -> re.Pattern[str]:
    """A case-insensitive pattern for `text` as whole words, any run of spaces matching any other."""
    parts = [re.escape(p) for p in text.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def _needles(
    name: str | None, address_lines: Iterable[str], postcode: str | None, child_references: Iterable[str]
) -> list[_Needle]:
    needles = []
    if name and name.strip().casefold() not in _NOT_A_NAME:
        needles.append(_Needle("the home's name", _words(name)))
    for index, line in enumerate(a for a in address_lines if a and a.strip()):
        needles.append(_Needle(f"address line {index + 1} of the home", _words(line)))
    if postcode and postcode.strip():
        compact = re.sub(r"\s+", "", postcode)
        pattern = re.compile(r"(?<!\w)" + r"\s*".join(re.escape(c) for c in compact) + r"(?!\w)", re.IGNORECASE)
        needles.append(_Needle("the home's postcode", pattern))
    for reference in child_references:
        if reference and reference.strip():
            needles.append(_Needle(f"the reference of a child of the home ({reference.strip()})", _words(reference)))
    return needles


def find(
    html_text: str,
    *,
    name: str | None,
    address_lines: Iterable[str] = (),
    postcode: str | None = None,
    child_references: Iterable[str] = (),
) -> list[Hit]:
    """Every forbidden text in the rendered HTML, with the section it is in."""
    collector = _TextCollector()
    collector.feed(html_text)
    collector.close()
    needles = _needles(name, address_lines, postcode, child_references)
    hits: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    # search each section's text as one string, so a name split across elements is still found
    sections: dict[str, list[tuple[str, int]]] = {}
    for text, section, line in collector.chunks:
        sections.setdefault(section, []).append((text, line))
    for section, chunks in sections.items():
        joined = " ".join(text for text, _ in chunks)
        for needle in needles:
            if (needle.what, section) in seen or not needle.pattern.search(joined):
                continue
            line = next((ln for text, ln in chunks if needle.pattern.search(text)), chunks[0][1])
            seen.add((needle.what, section))
            hits.append(Hit(needle.what, section, line))
    return hits


def check(html_text: str, *, source: str = "the report", **private: object) -> None:
    """Raise `UserError` naming every hit (what and in which section); nothing is exported then."""
    hits = find(html_text, **private)  # type: ignore[arg-type]
    if hits:
        where = "; ".join(f"{h.what} in section '{h.section}' (HTML line {h.line})" for h in hits)
        raise UserError(
            f"privacy check failed, {source} was not exported: it contains {where}. Published reports must "
            "not name the home, give its address or refer to a child; edit the text in the store and run again"
        )
