"""The privacy guard compares meaning, not spelling: every variant of issue 14 is caught, ordinary text is not.

Table-driven: each row is a fragment of report HTML and what the guard must report in it
(nothing, for the rows that must not be falsely caught).
"""

from __future__ import annotations

import time

import pytest
from report_fixtures import build_home

from workbench.errors import UserError
from workbench.report import privacy
from workbench.report.privacy_inputs import privacy_inputs
from workbench.store.db import session_scope
from workbench.store.models import Child, Home

NAME = "Acorn View"
OWN = "the reference of a child of the home (C-03AAD)"
OTHER = "the reference of a child of another home (C-7F3A2)"
STREET = "address line 1 of the home"
LOCALITY = "address line 2 of the home"

#: A home whose town is also its local authority (published: not searched for).
HOME = {
    "name": NAME, "address_lines": ("12 Mill Lane", "Headingley"), "town": "Leeds", "postcode": "ZZ97 8BP",
    "child_references": ("C-03AAD", "C-7F3A2"), "home_child_references": ("C-03AAD",),
    "published": ("Leeds", "North East, Yorkshire and the Humber", "Northern Care Partnerships Ltd"),
}
#: The same home in a town that is not published, and one in a town that is an ordinary word.
IN_OTLEY = {**HOME, "town": "Otley"}
IN_READING = {**HOME, "town": "Reading", "address_lines": ("High Street",)}

CASES = [
    # child references in any spacing, punctuation or script
    ("C-03AAD", HOME, {OWN}),
    ("C 03AAD", HOME, {OWN}),
    ("C03AAD", HOME, {OWN}),
    ("c-03aad", HOME, {OWN}),
    ("C-\n03AAD", HOME, {OWN}),
    ("C\n03 AAD", HOME, {OWN}),
    ("C\u201103AAD", HOME, {OWN}),  # non-breaking hyphen
    ("C\u201303AAD", HOME, {OWN}),  # en dash
    ("C\u221203AAD", HOME, {OWN}),  # minus sign
    ("C-03\u200bAAD", HOME, {OWN}),  # zero-width space
    ("C-03\u00adAAD", HOME, {OWN}),  # soft hyphen
    ("C-03\u2060AAD", HOME, {OWN}),  # word joiner
    ("C-03\ufeffAAD", HOME, {OWN}),  # zero-width no-break space
    ("\u0421-03\u0410AD", HOME, {OWN}),  # Cyrillic Es and A
    ("C-03\u0391\u0391D", HOME, {OWN}),  # Greek Alpha
    ("\uff23\uff0d\uff10\uff13\uff21\uff21\uff24", HOME, {OWN}),  # full-width
    ("C&#8209;03AAD", HOME, {OWN}),  # as an HTML character reference
    ("<b>C-03</b>AAD", HOME, {OWN}),  # split across elements
    ("C\u00a003AAD", HOME, {OWN}),  # non-breaking space
    ("C-7F3A2", HOME, {OTHER}),  # a child of ANOTHER home
    ("c 7f3a2", HOME, {OTHER}),
    # the home's name in any spacing or hyphenation
    ("Acorn View", HOME, {"the home's name"}),
    ("Acorn-View", HOME, {"the home's name"}),
    ("AcornView", HOME, {"the home's name"}),
    ("ACORN VIEW", HOME, {"the home's name"}),
    ("Acorn\nView", HOME, {"the home's name"}),
    ("Acorn\u00adView", HOME, {"the home's name"}),
    ("Acorn\u200bView", HOME, {"the home's name"}),
    ("Acorn\u200b \u200bView", HOME, {"the home's name"}),
    ("Ac\u043ern V\u0456ew", HOME, {"the home's name"}),  # Cyrillic o and i
    ("\u00c1corn Vi\u00e9w", HOME, {"the home's name"}),  # accents
    ("\uff21\uff43\uff4f\uff52\uff4e \uff36\uff49\uff45\uff57", HOME, {"the home's name"}),  # full-width
    ("A&shy;corn View", HOME, {"the home's name"}),
    # postcode in any spacing or punctuation
    ("ZZ97 8BP", HOME, {"the home's postcode"}),
    ("ZZ978BP", HOME, {"the home's postcode"}),
    ("ZZ97-8BP", HOME, {"the home's postcode"}),
    ("zz97  8bp", HOME, {"the home's postcode"}),
    ("ZZ97\u00a08BP", HOME, {"the home's postcode"}),
    ("ZZ97\n8BP", HOME, {"the home's postcode"}),
    # street with or without its number, locality, town
    ("12 Mill Lane", HOME, {STREET}),
    ("Mill Lane", HOME, {STREET}),
    ("MILL LANE", HOME, {STREET}),
    ("Mill-Lane", HOME, {STREET}),
    ("Headingley", HOME, {LOCALITY}),
    ("headingley", HOME, {LOCALITY}),
    ("Otley", IN_OTLEY, {"the home's town"}),
    ("otley", IN_OTLEY, {"the home's town"}),
    ("O\u200btley", IN_OTLEY, {"the home's town"}),
    ("Reading", IN_READING, {"the home's town"}),
    ("High Street", IN_READING, {STREET}),
    # several at once, each reported
    ("Acorn View, 12 Mill Lane, ZZ97 8BP", HOME, {"the home's name", STREET, "the home's postcode"}),
    # NOT falsely caught: a town that is the published local authority; ordinary words; longer words
    ("Leeds", HOME, set()),
    ("the local authority is Leeds", HOME, set()),
    ("children's reading age improved", IN_READING, set()),
    ("they shop on the high street", IN_READING, set()),
    ("the old mill lane path", HOME, set()),
    ("SC-03AAD", HOME, set()),
    ("C-03AADX", HOME, set()),
    ("XC03AAD", HOME, set()),
    ("Acorn Viewing", HOME, set()),
    ("Acorns View", HOME, set()),
    ("an acorn; the view", HOME, set()),
    ("ZZ97 8BPX", HOME, set()),
    ("Otleyside", IN_OTLEY, set()),
    ("para 12 of the framework", HOME, set()),
    ("<style>.Acorn-View{}</style><script>var c='C-03AAD'</script>", HOME, set()),
]


@pytest.mark.parametrize(("fragment", "home", "expected"), CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_variant(fragment: str, home: dict[str, object], expected: set[str]) -> None:
    page = f"<html><body><main><h2>Inspection judgements</h2><p>Text before. {fragment} Text after.</p></main></body></html>"
    hits = privacy.find(page, **home)  # type: ignore[arg-type]
    assert {h.what for h in hits} == expected
    assert all(h.section == "Inspection judgements" for h in hits)


def test_attribute_text_is_checked_and_check_refuses_naming_what_and_where() -> None:
    page = "<h2>Photos</h2><img alt='A\u00adcorn\u2011View garden' src='data:,'>"
    with pytest.raises(UserError, match="privacy check failed.*the home's name in section 'Photos'"):
        privacy.check(page, **HOME)  # type: ignore[arg-type]


def test_fold_unifies_what_a_reader_sees() -> None:
    assert privacy.fold("\uff21corn\u00ad\u200bV\u0456ew\u00a0\u2011\u2014") == "acornview --"
    assert privacy.skeleton("C \u2011 03\naad") == "c03aad"


def test_privacy_inputs_gathers_every_child_in_the_store(db_url: str) -> None:
    first = build_home(db_url, "SC900001", seq=0)
    build_home(db_url, "SC900002", seq=2)
    with session_scope(db_url) as session:
        home = session.query(Home).filter_by(urn=first.urn).one()
        session.add(Child(home_id=home.id, reference="C-03AAD", admission_date=home.created_at.date()))
        session.flush()
        inputs = privacy_inputs(session, home)
    assert set(inputs.child_references) == {"C-4F2A", "C-9B11", "C-4F2A2", "C-9B112", "C-03AAD"}
    assert set(inputs.home_child_references) == {"C-4F2A", "C-9B11", "C-03AAD"}
    assert inputs.town == "Leeds" and "Leeds" in inputs.published
    assert inputs.address_lines == ("14 Quarry Lane", "Headingley") and inputs.postcode == "LS6 2QT"
    hits = privacy.find("<h2>S</h2><p>Seen with C 9B11\u200b2 at Quarry\u2011Lane in Leeds.</p>",
                        **inputs.as_kwargs())
    assert {h.what for h in hits} == {"the reference of a child of another home (C-9B112)",
                                      "address line 1 of the home"}


def test_a_one_megabyte_report_against_fifteen_thousand_children_is_fast() -> None:
    refs = tuple(f"C-{n:05X}" for n in range(15_000))
    paragraph = ("<p>The children's experiences and progress were judged good; staff at the home "
                 "know each child well and record incidents carefully (para 16).</p>\n")
    sections = "".join(f"<h2>Section {i}</h2>" + paragraph * 40 for i in range(1_000_000 // (len(paragraph) * 40)))
    page = f"<html><body><main>{sections}<p>At the end: C\u2011{14_999:05X}.</p></main></body></html>"
    assert len(page) >= 1_000_000
    started = time.perf_counter()
    hits = privacy.find(page, **{**HOME, "child_references": refs})  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    print(f"privacy guard: {len(page):,} characters, {len(refs):,} child references: {seconds:.2f} s")
    assert [h.what for h in hits] == [f"the reference of a child of another home (C-{14_999:05X})"]
    assert seconds < 5.0
