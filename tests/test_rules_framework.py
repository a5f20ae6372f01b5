"""framework.yaml checked against the rulebook: every descriptor verbatim, in its paragraph, none missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from workbench import rules
from workbench.rules.framework import FRAMEWORK_FILE, load_framework

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "003_d7466109782760de.txt"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _norm(text: str) -> str:
    text = re.sub(r"\$\^\{\d+\}\$", " ", text)
    text = re.sub(f"[{SUPERSCRIPTS}]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    assert SEED.exists(), f"rulebook not found at {SEED}"
    return SEED.read_text(encoding="utf-8").split("\n")


def _para_line(lines: list[str], number: str) -> int:
    for index, line in enumerate(lines):
        if re.match(rf"^-? ?{number}\. ", line.strip()):
            return index
    raise AssertionError(f"paragraph {number} not found in the rulebook")


def _body(lines: list[str], start: int, end: int) -> str:
    """The rulebook text between two line indexes, footnote lines left out, whitespace normalised."""
    kept = [s for s in lines[start:end] if not (s.strip()[:1] in SUPERSCRIPTS and s.strip()) and
            not s.strip().startswith("$^{") and s.strip() not in ("-", "_")]
    return _norm("\n".join(kept))


def test_keys_match_the_public_constants() -> None:
    framework = load_framework()
    assert tuple(a.key for a in framework.areas) == rules.AREAS
    assert tuple(g["key"] for g in framework.grades) == rules.GRADES
    assert tuple(p.key for p in framework.progress_scale) == rules.PROGRESS_GRADES
    assert {f["key"]: f["type"] for f in framework.facts} == {k: t.__name__ for k, t in rules.FACTS.items()}
    for rule in framework.rules:
        assert rule.target in rules.AREAS and rule.max_grade in rules.GRADES
        assert (rule.when_area in rules.AREAS and rule.when_grade in rules.GRADES) or rule.when_fact in rules.FACTS


def test_every_area_has_all_four_grades_and_gaps_are_the_rulebooks(seed_lines: list[str]) -> None:
    for area in load_framework().areas:
        assert list(area.descriptors) == list(rules.GRADES), area.key
        assert area.descriptors["good"], f"{area.key} has no 'good' descriptors"
        for grade, items in area.descriptors.items():
            assert items or grade in area.no_descriptors_note, f"{area.key}.{grade} empty without a note"
    # The only gaps (partnership beyond 'good') are gaps in the rulebook itself: no grade headings there.
    partnership = load_framework().area("partnership")
    assert set(partnership.no_descriptors_note) == {"outstanding", "requires_improvement", "inadequate"}
    start = _para_line(seed_lines, "38")
    end = next(i for i, s in enumerate(seed_lines) if s.startswith("Proposal (II) (i)"))
    section = "\n".join(seed_lines[start:end])
    for heading in ("Outstanding", "Requires improvement", "Inadequate"):
        assert not re.search(rf"^{heading}$", section, re.M)
        assert f"likely to be '{heading.lower()}'" not in section


def test_every_descriptor_is_verbatim_in_its_paragraph(seed_lines: list[str]) -> None:
    paragraph_numbers = sorted({d.paragraph for a in load_framework().areas for d in a.all_descriptors()}, key=int)
    for area in load_framework().areas:
        ids = [d.id for d in area.all_descriptors()]
        assert len(ids) == len(set(ids))
        for grade, items in area.descriptors.items():
            assert [d.id for d in items] == [f"{area.key}.{grade}.{n}" for n in range(1, len(items) + 1)]
            for d in items:
                assert d.area == area.key and d.grade == grade
                start = _para_line(seed_lines, d.paragraph)
                later = [int(p) for p in paragraph_numbers if int(p) > int(d.paragraph)] + [int(d.paragraph) + 1]
                end = _para_line(seed_lines, str(min(later)))
                assert _norm(d.text) in _body(seed_lines, start, end), f"{d.id} not verbatim in para {d.paragraph}"
                for footnote in d.footnotes:
                    assert any(s.startswith(_sup(footnote) + " ") for s in seed_lines), f"{d.id}: footnote {footnote}"


def _sup(number: str) -> str:
    return "".join(SUPERSCRIPTS[int(c)] for c in number)


def test_no_bullet_of_the_grade_descriptors_is_missing(seed_lines: list[str]) -> None:
    start = _para_line(seed_lines, "30")
    end = next(i for i, s in enumerate(seed_lines) if s.startswith("Proposal (II) (i)"))
    encoded = " ".join(_norm(d.text) for a in load_framework().areas for d in a.all_descriptors())
    bullets = [s.strip()[2:] for s in seed_lines[start:end] if s.strip().startswith(("- ", "■ "))]
    bullets = [b for b in bullets if not re.match(r"^3\d\. ", b)]
    assert len(bullets) >= 60
    for bullet in bullets:
        head = _norm(bullet)[:80]
        assert head in encoded, f"rulebook bullet not encoded: {head!r}"


def test_interim_timings_and_qualifications_quote_the_rulebook(seed_lines: list[str]) -> None:
    text = _body(seed_lines, 0, len(seed_lines))  # without footnotes
    full = _norm("\n".join(seed_lines))  # with footnotes
    framework = load_framework()
    assert [f.key for f in framework.focus_areas] == [
        "children_progress", "leaders_monitoring", "experiences_overview", "previous_requirements"]
    for focus in framework.focus_areas:
        assert focus.paragraph == "46" and _norm(focus.text) in text
    labels = {p.key: p.label for p in framework.progress_scale}
    assert labels["inadequate_progress"] == "Inadequate progress and/or declined"
    for entry in framework.progress_scale:
        assert entry.paragraph == "47" and _norm(entry.meaning) in text
        assert entry.label.lower() in text.lower()
    consequence = framework.interim["inadequate_progress_consequence"]
    assert consequence["paragraph"] == "48" and "service of concern" in consequence["text"]
    for key in ("inspections_per_year", "reinspection_after_inadequate", "publication"):
        entry = framework.timings[key]
        assert _norm(entry["text"]) in text
        assert entry["text"] in seed_lines[_para_line(seed_lines, entry["paragraph"])]
    assert framework.timings["publication"]["working_days"] == 20 and "20 working days" in text
    assert "within six to eight weeks" in framework.timings["reinspection_after_inadequate"]["text"]
    for area in framework.areas:
        for _, note in area.notes:  # footnotes are left out of the body text
            assert _norm(note) in full, note
        for intro in area.introduction:
            assert _norm(intro) in text, intro
    assert len(framework.area("overall").introduction) == 9
    for who in ("manager", "staff"):
        assert _norm(framework.qualifications[who]["text"]) in full
    assert "six months" in framework.qualifications["manager"]["text"]
    assert "three years" in framework.qualifications["manager"]["text"]


def test_rules_cite_paragraphs_that_say_so(seed_lines: list[str]) -> None:
    def para(number: str) -> str:
        start = _para_line(seed_lines, number)
        return _body(seed_lines, start, _para_line(seed_lines, str(int(number) + 1)))

    assert "overall 'experiences and progress of children and young people' judgement will always be inadequate" in para("13")
    assert "certainly no better than 'requires improvement'" in para("13")
    assert "no registered manager for more than 26 weeks" in para("37")
    assert "for two or more consecutive inspections" in para("37")
    assert "limiting it to either 'requires improvement' or 'inadequate'" in para("40")
    by_id = {r.id: r for r in load_framework().rules}
    assert by_id["registered_manager_vacancy"].value == 26 and by_id["registered_manager_vacancy"].op == ">"
    assert by_id["consecutive_ri_or_inadequate_progress"].value == 2
    assert by_id["key_judgement_inadequate"].likely is False
    assert all(r.likely for r in by_id.values() if r.id != "key_judgement_inadequate")


def test_grade_wordings_cover_published_forms() -> None:
    raw = yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    wordings = raw["grade_wordings"]["wordings"]
    assert wordings["Adequate"] == "requires_improvement"
    assert set(wordings.values()) == set(rules.GRADES)
