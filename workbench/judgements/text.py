"""What is recorded for an inspection, as plain text (the CLI and the notebook's fallback output)."""

from __future__ import annotations

from typing import Any


def plain_summary(data: dict[str, Any]) -> str:
    """A plain-text account of what is recorded (the notebook's fallback output)."""
    head = data["inspection"]
    lines = [f"Inspection {head['id']} ({head['inspection_type']}) of URN {data['urn']}, "
             f"{head['start_date']} to {head['end_date']}; status {head['status']}"]
    if head["inspection_type"] == "interim":
        lines.append(f"progress judgement: {data.get('progress_judgement') or 'not judged yet'}"
                     + ("; service of concern (para 48)" if data.get("service_of_concern") else ""))
        for key, text in (data.get("focus_areas") or {}).items():
            lines.append(f"focus {key}: {text or ''}")
    graded = data["grades"].items() if head["inspection_type"] != "interim" else ()
    for area, grade in graded:
        cap = data["caps"][area]
        lines.append(f"{area}: {grade or 'not graded'} (highest allowed: {cap['max_grade']})")
        if data["evidence"].get(area):
            lines.append(f"  evidence: {data['evidence'][area]}")
    for item in data["requirements"]:
        lines.append(f"requirement: regulation {item['regulation']}: {item['text']} (due {item['due_date']})")
    for item in data["recommendations"]:
        lines.append(f"recommendation: {item['text']}")
    for area, cap in data["caps"].items():
        for reason in cap["reasons"]:
            lines.append(f"cap on {area} (para {reason['paragraph']}): {reason['text']}")
    for item in data["violations"]:
        paras = ", ".join(dict.fromkeys(r["paragraph"] for r in item.get("reasons", [])))
        lines.append(f"VIOLATION (above cap, blocks submission): {item['area']} is {item['grade']} but the rules "
                     f"allow at most {item['max_grade']}" + (f" (para {paras})" if paras else ""))
    for item in data.get("challenges", []):  # evidence challenges (workbench.challenges)
        answer = f"answered: {item['answer']}" if item["answer"] else "NOT ANSWERED"
        lines.append(f"challenge to {item['area']} = {item['grade']} (para {item['paragraph']}, {item['rule']}): "
                     f"{item['text']} [{answer}]")
    ready = data.get("ready_to_submit")
    if ready is not None:
        if ready["ready"]:
            lines.append("ready to submit")
        else:
            lines.append(f"{len(ready['reasons'])} thing(s) before you can submit:")
            lines += [f"  - {reason}" for reason in ready["reasons"]]
    return "\n".join(lines)
