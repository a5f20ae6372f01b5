"""The readability check used by the dashboard browser tests catches what axe-core missed (issue 13)."""

from __future__ import annotations

from browser import chromium_page
from dashboard_browser import readability_problems

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Check</title></head><body style="margin:0">
<main><h1>Readable heading</h1><p>Readable text one.</p><p>Readable text two.</p>
<div style="background:#0b0c0c"><div class="wb-header"><h2 style="color:#0b0c0c">Inspection 7</h2>
<p style="color:#0b0c0c">Publish by 1 May</p></div></div>
<button style="background:#4caf50;color:#ffffff;border:0">Accept</button>
<button style="background:#4caf50;color:#ffffff;border:0">Accept</button>
<label>Edit <textarea></textarea></label><label>Edit <textarea></textarea></label>
<p style="color:#aaaaaa">Too pale</p>
</main></body></html>"""


def test_black_on_black_white_on_green_and_vague_names_are_caught() -> None:
    with chromium_page() as recorded:
        recorded.page.set_content(PAGE)
        problems = "\n".join(readability_problems(recorded.page))
    assert "'Inspection 7'" in problems and "'Publish by 1 May'" in problems  # black on an ancestor's black
    assert "'Accept'" in problems and "'Too pale'" in problems
    assert "2 controls are named only 'Accept'" in problems and "named only 'Edit'" in problems
    assert "Readable heading" not in problems and "Readable text one" not in problems
