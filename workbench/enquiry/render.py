"""HTML for lines of enquiry (grouped by judgement area, evidence linked), children to track and the
register of cited evidence. Works on stored `LineOfEnquiry` rows and on unsaved `Draft`s alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from workbench.enquiry.catalogue import RULES
from workbench.enquiry.tracking import SMALL_HOME_MAX, TrackedChild, sample_size
from workbench.html import Fragment, heading, join, paragraph, tag
from workbench.rules import AREAS, area_titles

STATUS_LABELS = {"draft": "Draft: awaiting your decision", "accepted": "Accepted", "edited": "Accepted (edited)",
                 "rejected": "Rejected", "closed": "Closed"}
PRIORITY_CLASSES = {"high": "wb-tag wb-tag--inadequate", "medium": "wb-tag wb-tag--requires_improvement",
                    "low": "wb-tag"}


def anchor(item: dict[str, Any]) -> str:
    """The HTML id of an evidence record in the register."""
    key = f"{item.get('table')}-{item.get('reference') or item.get('date') or 'none'}"
    return "ev-" + re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")


def _paragraph_of(rule_id: str) -> str | None:
    rule = RULES.get(rule_id)
    return rule.paragraph if rule else None


def _evidence_list(evidence: Sequence[dict[str, Any]] | None) -> Fragment:
    if not evidence:
        return paragraph("No records cited (added by the inspector).", class_="wb-caption")
    items = []
    for item in evidence:
        ref = item.get("reference") or item.get("table")
        date = f" ({item['date']})" if item.get("date") else ""
        items.append(tag("li", join([tag("a", ref, href=f"#{anchor(item)}"), f"{date}: {item.get('detail') or ''}"])))
    return tag("ul", join(items), class_="wb-evidence")


def _focus_of(rule_id: str) -> str | None:
    rule = RULES.get(rule_id)
    if rule is None:
        return None
    from workbench.rules import load_framework

    return next((f.title for f in load_framework().focus_areas if f.key == rule.focus), None)


def line_html(line: Any, interim: bool = False) -> Fragment:
    """One line: priority, status, question, framework paragraph (and interim focus area) and linked evidence."""
    para = _paragraph_of(line.rule_id)
    words = STATUS_LABELS.get(getattr(line, "status", "draft"), "Draft") + (f" · framework para {para}" if para else "")
    focus = _focus_of(line.rule_id) if interim else None
    if focus:
        words += f" · interim focus (para 46): {focus}"
    meta = [tag("span", f"{line.priority.capitalize()} priority", class_=PRIORITY_CLASSES.get(line.priority, "wb-tag")),
            " ", words]
    parts = [paragraph(join(meta)), paragraph(line.question)]
    finding = getattr(line, "finding", None)
    if finding:
        parts.append(paragraph(f"Finding: {finding}", class_="wb-caption"))
    parts.append(_evidence_list(getattr(line, "evidence", None)))
    ident = getattr(line, "id", None)
    return tag("article", join(parts), class_="wb-line", id=f"loe-{ident}" if ident else None,
               style="border-left: 5px solid #b1b4b6; padding: 5px 0 1px 15px; margin: 0 0 25px")


def lines_by_area(lines: Iterable[Any], title: str, empty: str, interim: bool = False) -> Fragment:
    """Lines grouped by judgement area, in the framework's order."""
    lines = list(lines)
    parts: list[Any] = [heading(title, 2)]
    if not lines:
        parts.append(paragraph(empty, class_="wb-text"))
        return tag("section", join(parts))
    for area in AREAS:
        mine = [line for line in lines if line.area == area]
        if mine:
            parts.append(heading(f"{area_titles(short=False)[area]} ({len(mine)})", 3))
            parts += [line_html(line, interim) for line in mine]
    return tag("section", join(parts))


def plan_lines(lines: Sequence[Any], inspection_type: str = "full") -> Fragment:
    """The plan's lines: accepted ones grouped by area, then drafts awaiting a decision; rejected are counted."""
    status = {id(line): getattr(line, "status", "draft") for line in lines}
    accepted = [line for line in lines if status[id(line)] in ("accepted", "edited", "closed")]
    drafts = [line for line in lines if status[id(line)] == "draft"]
    rejected = [line for line in lines if status[id(line)] == "rejected"]
    interim = inspection_type == "interim"
    parts = [lines_by_area(accepted, "Lines of enquiry", "No line of enquiry has been accepted yet: review the "
                           "drafts below (accept, edit or reject them in the inspector dashboard).", interim)]
    if drafts:
        parts.append(lines_by_area(drafts, "Drafted lines awaiting your decision",
                                   "No drafted lines awaiting a decision.", interim))
    if rejected:
        parts.append(paragraph(f"{len(rejected)} drafted line(s) were rejected and are not shown.", class_="wb-caption"))
    return join(parts)


def children_html(children: Sequence[TrackedChild], living_here: int) -> Fragment:
    """Children to track, each with every reason (footnote 5 rule stated)."""
    rule = (f"Footnote 5: in a small home (up to {SMALL_HOME_MAX} children living there) every child is tracked; "
            f"in a larger home a sample ({sample_size(living_here) if living_here > SMALL_HOME_MAX else 'n/a'} of "
            f"{living_here} here: at least four or a third, new admissions and children out of education first); "
            "always every child who has been missing, and every child who left since the last inspection (para 10).")
    parts: list[Any] = [heading("Children to track", 2), paragraph(rule, class_="wb-caption")]
    if not children:
        parts.append(paragraph("No child lives in the home or left it since the last inspection.", class_="wb-text"))
        return tag("section", join(parts))
    head = join([tag("th", h, scope="col") for h in ("Child (reference)", "Living here", "Why")])
    rows = [tag("tr", join([tag("th", c.reference, scope="row"), tag("td", "Yes" if c.living_here else "No"),
                            tag("td", tag("ul", join(tag("li", r) for r in c.reasons)))]))
            for c in children]
    parts.append(tag("table", join([tag("caption", f"{len(children)} child(ren) to track"), tag("thead", tag("tr", head)),
                                    tag("tbody", join(rows))])))
    return tag("section", join(parts))


def evidence_register(lines: Sequence[Any]) -> Fragment:
    """Every record cited by a shown line, once, with the anchor the lines link to."""
    seen: dict[str, dict[str, Any]] = {}
    for line in lines:
        if getattr(line, "status", "draft") == "rejected":
            continue
        for item in getattr(line, "evidence", None) or []:
            seen.setdefault(anchor(item), item)
    parts: list[Any] = [heading("Evidence cited", 2)]
    if not seen:
        parts.append(paragraph("No records are cited.", class_="wb-text"))
        return tag("section", join(parts))
    head = join([tag("th", h, scope="col") for h in ("Record", "Source", "Date", "Detail")])
    rows = [tag("tr", join([tag("th", item.get("reference") or "—", scope="row", id=key),
                            tag("td", str(item.get("table") or "").replace("_", " ")),
                            tag("td", item.get("date") or "—"), tag("td", item.get("detail") or "")]))
            for key, item in sorted(seen.items(), key=lambda kv: (kv[1].get("table") or "", kv[1].get("date") or ""))]
    parts.append(tag("table", join([tag("thead", tag("tr", head)), tag("tbody", join(rows))])))
    return tag("section", join(parts))
