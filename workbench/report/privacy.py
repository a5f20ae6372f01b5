"""The privacy guard: a report must not name the home, give its address or refer to any child.

Published reports are anonymised. Before export, the rendered HTML's text (and the attribute
texts a reader or screen reader meets: alt, title, aria-label) is searched for the home's name,
its address lines (with and without the house number), town and postcode, and the pseudonymous
reference of EVERY child in the store (not only this home's). A hit stops the export with where
it was found; there is deliberately no way to override this.

The search is on meaning, not spelling. Both the text and what is looked for are folded
(:func:`fold`): Unicode NFKC/NFKD compatibility forms (full-width letters, ligatures,
mathematical letters), accents and other combining marks dropped, invisible characters (zero-width
spaces and joiners, soft hyphens, bidi marks, variation selectors) removed, Cyrillic and Greek
look-alikes of Latin letters mapped to the Latin letter, case folded. Then only letters and digits
are compared: every space, line break, dash, hyphen or punctuation between them is ignored, so
``C 03AAD``, ``C03AAD``, ``C-\\n03AAD`` and ``C‑03AAD`` (non-breaking hyphen) are one reference,
and ``Acorn-View``, ``AcornView`` and ``Acorn View`` one name. A match must start and end at a word
boundary (``SC-4F2AB`` does not contain the child ``C-4F2A``; "Bath" is not found in "bathroom").

False positives, and how they are avoided (README "The privacy guard"):

* a town or address line that is also a name the report publishes (the home's local authority,
  region or registered provider, e.g. town "Leeds" in local authority "Leeds") is not searched:
  the report gives that place away by design and the guard would otherwise stop every report;
* a town or address line made only of ordinary words (:data:`ORDINARY_WORDS`, e.g. "Reading",
  "High Street", "Mill Lane") is found only in its capitalised form ("Reading", "MILL LANE"),
  not as an ordinary word ("reading age", "the high street");
* names that are not names (Ofsted's "REDACTED") are never searched for.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from workbench.errors import UserError

#: Names that are not names (Ofsted's redacted rows) and are never searched for.
_NOT_A_NAME = {"redacted", "not recorded", "unknown", ""}
#: Attributes whose text is read out or shown.
_READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "value")
_SKIPPED_ELEMENTS = {"style", "script", "template"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

#: Words common enough in English prose that a town or street made only of them is matched only
#: when capitalised (a proper noun), never as an ordinary word. Extend it here if needed.
ORDINARY_WORDS = frozenset("""
a an and at by for in of on the to upon under over with
street st road rd lane ln avenue ave close drive dr way place court ct crescent terrace gardens garden
grove green hill hills park row square walk yard mews view rise gate gates end side vale wood woods
house home lodge cottage cottages farm hall manor mill mills church chapel school station bridge
market high low new old north south east west upper lower middle little great long short
field fields meadow meadows water well wells spring springs brook river lake bank banks bay cross
reading bath deal march sale hope ware street ash oak elm beech birch cedar pine rose holly ivy
castle tower common heath moor forest valley orchard oaks elms willows chase parade broadway circus
""".split())

#: Words a proper name may keep in lower case ("Newcastle upon Tyne", "Stoke on Trent").
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "in", "of", "on", "the", "upon", "under", "with"})
_REMOVED_CATEGORIES = {"Cf", "Mn", "Me"}  # invisible formatting characters; combining marks (accents)
_SEPARATOR_CATEGORIES = {"Zs", "Zl", "Zp", "Cc"}
#: Cyrillic and Greek letters that look like Latin ones (after NFKD, before case folding).
_CONFUSABLES = {
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O",
    "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "Ԍ": "G",
    "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x", "у": "y",
    "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "к": "k", "м": "m", "н": "h", "т": "t", "в": "b",
    "ь": "b", "г": "r", "п": "n", "ѵ": "v", "Ѵ": "V", "ɡ": "g",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ϒ": "Y", "Ϲ": "C", "Ϳ": "J",
    "α": "a", "ο": "o", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
    "ϲ": "c", "ϳ": "j", "η": "n", "μ": "u", "ω": "w", "γ": "y",
    # Latin look-alikes that NFKD keeps
    "ı": "i", "ȷ": "j", "ß": "ss", "ſ": "s", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
    "İ": "I", "ħ": "h",
}


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x30000):  # the planes with letters; tags are added below
        category = unicodedata.category(chr(code))
        if category in _REMOVED_CATEGORIES:
            table[code] = None
        elif category in _SEPARATOR_CATEGORIES:
            table[code] = " "
        elif category == "Pd":
            table[code] = "-"
    for code in range(0xE0000, 0xE1000):  # tag characters and variation selectors supplement
        table[code] = None
    table[0x2212] = "-"  # minus sign
    table[0x00AD] = None  # soft hyphen (Cf, listed for the reader)
    table[0x115F] = table[0x1160] = table[0x3164] = table[0xFFA0] = None  # Hangul fillers (look blank)
    for letter, latin in _CONFUSABLES.items():
        table[ord(letter)] = latin
    return table


_TABLE = _fold_table()
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """`text` as the guard compares it: compatibility forms, no marks or invisibles, Latin look-alikes, lower case."""
    return _fold_cased(text).lower()


def _fold_cased(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(_TABLE)


#: ASCII punctuation, spaces and controls: deleted from plain-ASCII text (its fold is only lower case)
_ASCII_NOT_WORD = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()))


def skeleton(text: str) -> str:
    """The letters and digits of the folded text, nothing between them: what a needle is compared by."""
    if text.isascii():  # NFKD and the look-alike table leave ASCII as it is: the same result, 20 times faster
        return text.lower().translate(_ASCII_NOT_WORD)
    return "".join(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class Hit:
    """One forbidden text found: what it is, where (the section heading) and the line of HTML."""

    what: str
    section: str
    line: int


@dataclass(frozen=True)
class _Needle:
    what: str
    proper_only: bool  # made of ordinary words: only its capitalised form counts


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


_HOUSE_NUMBER = re.compile(r"^\s*(?:(?:flat|unit|apartment|apt)\s+\w+\s*,?\s*)?\d+\s*[a-z]?\b[\s,.-]*", re.IGNORECASE)


def _words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


class _Needles:
    """Every needle by its skeleton, with the lengths to try: the home's own facts, plus the store's children.

    The children's table (skeleton -> references) is the same for every home of a store and is the
    costly part (about 120,000 references in England), so it is built once per set of references
    (:func:`_child_table`) and only looked up here; which home a found child belongs to is worked out
    when one is found.
    """

    def __init__(self, children: _Children, own: frozenset[str] | None = None) -> None:
        self.by_skeleton: dict[str, list[_Needle]] = {}
        self.children = children
        self.own = own

    def add(self, text: str | None, what: str, proper_only: bool = False) -> None:
        key = skeleton(text or "")
        if len(key) < 2:  # one letter or digit is no name; it would match everywhere
            return
        entry = self.by_skeleton.setdefault(key, [])
        if all(n.what != what for n in entry):
            entry.append(_Needle(what, proper_only))

    def get(self, key: str) -> list[_Needle]:
        """The needles whose skeleton is `key` (the home's facts first, then any child's reference)."""
        found = list(self.by_skeleton.get(key, ()))
        for reference in self.children.by_skeleton.get(key, ()):
            whose = "a child of the home" if self.own is None or key in self.own else "a child of another home"
            found.append(_Needle(f"the reference of {whose} ({reference})", False))
        return found

    def lengths(self) -> frozenset[int]:
        return frozenset(len(k) for k in self.by_skeleton) | self.children.lengths


@dataclass(frozen=True)
class _Children:
    """The store's child references by skeleton, and the skeletons' lengths."""

    by_skeleton: dict[str, tuple[str, ...]]
    lengths: frozenset[int]


@lru_cache(maxsize=4)
def _child_table(references: tuple[str, ...]) -> _Children:
    """Child references by skeleton (cached by the references themselves, so never stale)."""
    table: dict[str, list[str]] = {}
    for reference in references:
        if reference and reference.strip():
            key = skeleton(reference)
            if len(key) >= 2:
                entry = table.setdefault(key, [])
                if reference.strip() not in entry:
                    entry.append(reference.strip())
    return _Children({key: tuple(found) for key, found in table.items()}, frozenset(len(key) for key in table))


def _needles(
    name: str | None, address_lines: Iterable[str], postcode: str | None, child_references: Iterable[str],
    town: str | None, published: Iterable[str | None], home_child_references: Iterable[str] | None,
) -> _Needles:
    own = None if home_child_references is None else frozenset(skeleton(r) for r in home_child_references if r)
    needles = _Needles(_child_table(tuple(child_references)), own)
    if name and name.strip().casefold() not in _NOT_A_NAME:
        needles.add(name, "the home's name")
    published_words = [_words_of(p) for p in published if p and p.strip()]

    def place(text: str, what: str) -> None:
        words = _words_of(text)
        if not words or any(_contains_words(p, words) for p in published_words):
            return  # the report publishes this place anyway (e.g. the town is the local authority)
        needles.add(text, what, proper_only=all(w in ORDINARY_WORDS for w in words))

    for index, line in enumerate(a for a in address_lines if a and a.strip()):
        what = f"address line {index + 1} of the home"
        place(line, what)
        street = _HOUSE_NUMBER.sub("", line)
        if street != line:
            place(street, what)  # the street without its number
    if town and town.strip():
        place(town, "the home's town")
    if postcode and postcode.strip():
        needles.add(postcode, "the home's postcode")
    return needles


def _search(chunks: list[tuple[str, int]], needles: _Needles, lengths: frozenset[int], longest: int
            ) -> list[tuple[_Needle, int]]:
    """(needle, HTML line) for each needle found in one section's text (its chunks joined)."""
    pieces = [_fold_cased(text) for text, _ in chunks]
    cased = " ".join(pieces)
    folded = cased.lower()
    if len(folded) != len(cased):  # a rare letter whose lower case is longer: keep positions aligned
        folded = "".join(c.lower()[:1] for c in cased)
    starts, offset = [], 0  # where each chunk starts in the folded text
    for piece in pieces:
        starts.append(offset)
        offset += len(piece) + 1
    runs = [(m.start(), m.group()) for m in _WORD.finditer(folded)]
    bounds = [0]
    for _, word in runs:
        bounds.append(bounds[-1] + len(word))
    flat = "".join(word for _, word in runs)
    found: dict[str, tuple[_Needle, int]] = {}
    count = len(runs)
    for i in range(count):
        begin = bounds[i]
        for j in range(i + 1, count + 1):
            size = bounds[j] - begin
            if size > longest:
                break
            if size not in lengths:
                continue
            entry = needles.get(flat[begin:bounds[j]])
            if not entry:
                continue
            for needle in entry:
                if needle.what in found:
                    continue
                if needle.proper_only and not all(cased[runs[k][0]].isupper() for k in range(i, j)
                                                  if runs[k][1] not in _SMALL_WORDS):
                    continue
                line = chunks[bisect_right(starts, runs[i][0]) - 1][1]
                found[needle.what] = (needle, line)
    return list(found.values())


def find(
    html_text: str,
    *,
    name: str | None,
    address_lines: Iterable[str] = (),
    postcode: str | None = None,
    child_references: Iterable[str] = (),
    town: str | None = None,
    published: Iterable[str | None] = (),
    home_child_references: Iterable[str] | None = None,
) -> list[Hit]:
    """Every forbidden text in the rendered HTML, with the section it is in.

    `child_references` should be every child reference in the store
    (:func:`workbench.report.privacy_inputs.privacy_inputs` gathers them); `home_child_references`
    (the home's own, default: all of them) only words the message; `published` are names the report prints by design (local authority,
    region, provider), which a town or address line equal to one of them is not searched for.
    """
    collector = _TextCollector()
    collector.feed(html_text)
    collector.close()
    needles = _needles(name, address_lines, postcode, child_references, town, published, home_child_references)
    lengths = needles.lengths()
    if not lengths:
        return []
    longest = max(lengths)
    hits: list[Hit] = []
    # search each section's text as one string, so a name split across elements is still found
    sections: dict[str, list[tuple[str, int]]] = {}
    for text, section, line in collector.chunks:
        sections.setdefault(section, []).append((text, line))
    for section, chunks in sections.items():
        for needle, line in _search(chunks, needles, lengths, longest):
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
