"""The batch's `index.html` (sortable, readable offline and without JavaScript) and `summary.csv`."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from workbench.files import write_text_atomic
from workbench.html import Fragment, join, tag

KIND_TITLES = {"interim": "Interim inspection reports", "previsit": "Pre-visit plans"}


@dataclass
class Row:
    """One home's line in the index and the summary."""

    urn: str
    home: str
    provision_type: str
    region: str
    judgement: str
    report_status: str
    deadline: dt.date | None
    status: str  # done | failed | skipped
    seconds: float
    ipynb: str  # relative to the batch directory
    html: str
    error: str


SUMMARY_FIELDS = ["urn", "status", "seconds", "html", "ipynb", "error", "home", "provision_type", "region",
                  "judgement", "report_status", "publication_deadline"]

_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;margin:2rem;color:#0b0c0c;line-height:1.4}
h1{font-size:2rem;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid #b1b4b6;padding:.45rem .6rem;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;text-align:left;color:#1d70b8;text-decoration:underline}
.failed{color:#aa2a16;font-weight:bold}.skipped{color:#505a5f}
a{color:#1d70b8}
label{font-weight:bold;margin-right:.5rem}select{font:inherit;padding:.2rem;border:2px solid #0b0c0c}
details{margin:1.5rem 0}summary{cursor:pointer;color:#1d70b8;font-weight:bold;font-size:1.1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
"""

#: Sorting by clicking a column header (a cell's data-sort value first: ISO dates sort as text, as dates;
#: only a wholly numeric value sorts as a number) and a status filter; without JavaScript the tables are in
#: URN order and the skipped homes are folded under their count.
_SCRIPT = """
var NUMBER = /^-?[0-9]+([.][0-9]+)?$/;
var filter = document.getElementById('status-filter');
if (filter) filter.addEventListener('change', function () {
  var shown = 0, rows = document.querySelectorAll('table.sortable tbody tr');
  rows.forEach(function (row) {
    var ok = !filter.value || row.getAttribute('data-status') === filter.value;
    row.hidden = !ok; if (ok) shown += 1;
  });
  var folded = document.getElementById('skipped-rows');
  if (folded && filter.value === 'skipped') folded.open = true;
  document.getElementById('status-count').textContent = shown + ' of ' + rows.length + ' homes shown';
});
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    var b = document.createElement('button'); b.type = 'button'; b.textContent = th.textContent;
    th.textContent = ''; th.appendChild(b); th.setAttribute('aria-sort', 'none');
    b.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-sort') || a.cells[col].textContent;
        var y = b.cells[col].getAttribute('data-sort') || b.cells[col].textContent;
        var c = (NUMBER.test(x) && NUMBER.test(y)) ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""

HEADERS = ["Home", "URN", "Type", "Region", "Judgement", "Report status", "Publication deadline (para 9)",
           "Run", "Report", "Error"]


def _row_html(row: Row) -> Fragment:
    links = []
    of = tag("span", f" of {row.urn}", class_="visually-hidden")  # each link names its home for screen readers
    if row.html:
        links.append(tag("a", join(["report", of]), href=row.html))
    if row.ipynb:
        links.append(tag("a", join(["notebook", of]), href=row.ipynb))
    link = join(_interleave(links, " "))
    deadline = row.deadline.isoformat() if row.deadline else ""
    cells = [
        tag("td", row.home), tag("td", row.urn), tag("td", row.provision_type), tag("td", row.region),
        tag("td", row.judgement), tag("td", row.report_status.replace("_", " ")),
        tag("td", deadline, **{"data-sort": deadline or "9999"}),
        tag("td", row.status, class_=row.status), tag("td", link), tag("td", row.error),
    ]
    return tag("tr", join(cells), **{"data_status": row.status})


def _interleave(items: list[Fragment], separator: str) -> list[Fragment | str]:
    out: list[Fragment | str] = []
    for item in items:
        if out:
            out.append(separator)
        out.append(item)
    return out


def write_index(out_dir: Path, kind: str, rows: list[Row], generated: dt.datetime) -> Path:
    """Write DIR/index.html: one self-contained page, every value escaped, sortable with a tiny script."""
    done = sum(r.status == "done" for r in rows)
    failed = sum(r.status == "failed" for r in rows)
    skipped = sum(r.status == "skipped" for r in rows)
    title = KIND_TITLES.get(kind, kind)
    summary = (f"{len(rows)} homes: {done} done, {failed} failed, {skipped} skipped. "
               f"Generated {generated:%Y-%m-%d %H:%M} UTC.")
    ordered = sorted(rows, key=lambda r: r.urn)
    worked = [r for r in ordered if r.status != "skipped"]
    passed_over = [r for r in ordered if r.status == "skipped"]
    options = join([tag("option", "Any status", value=""),
                    *[tag("option", f"{label} ({count})", value=key) for key, label, count in
                      (("done", "Done", done), ("failed", "Failed", failed), ("skipped", "Skipped", skipped))]])
    tools = tag("p", join([tag("label", "Show homes whose run", for_="status-filter"),
                           tag("select", options, id="status-filter"), " ",
                           tag("span", "", id="status-count", role="status")]))
    parts = [tag("h1", title), tag("p", summary), tools,
             _table(worked, f"{title}: the homes run (done or failed); select a column heading to sort.")]
    if passed_over:
        parts.append(tag("details", join([
            tag("summary", f"{len(passed_over)} skipped homes (not run; the reason is in each row)"),
            _table(passed_over, f"{title}: skipped homes; select a column heading to sort.")]),
            id="skipped-rows"))
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{tag('title', title)}"
        f"<style>{_STYLE}</style></head><body><main>{join(parts)}"
        f"</main><script>{_SCRIPT}</script></body></html>\n"
    )
    return write_text_atomic(page, Path(out_dir) / "index.html")


def _table(rows: list[Row], caption: str) -> Fragment:
    head = join(tag("th", h, scope="col") for h in HEADERS)
    body = join(_row_html(r) for r in rows)
    return tag("table", join([tag("caption", caption), tag("thead", tag("tr", head)), tag("tbody", body)]),
               class_="sortable")


def write_summary(out_dir: Path, rows: list[Row]) -> Path:
    """Write DIR/summary.csv: one row per home (urn, status, seconds, output paths, error, ...)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_FIELDS)
    writer.writeheader()
    for r in sorted(rows, key=lambda r: r.urn):
        writer.writerow({"urn": r.urn, "status": r.status, "seconds": f"{r.seconds:.3f}", "html": r.html,
                         "ipynb": r.ipynb, "error": r.error, "home": r.home, "provision_type": r.provision_type,
                         "region": r.region, "judgement": r.judgement, "report_status": r.report_status,
                         "publication_deadline": r.deadline.isoformat() if r.deadline else ""})
    return write_text_atomic(buffer.getvalue(), Path(out_dir) / "summary.csv")
