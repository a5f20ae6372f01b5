"""`docs/data-formats.md`, generated from the kind specs (a test checks the file matches).

Regenerate with ``.venv/bin/python -m workbench.ingest.docs > docs/data-formats.md``.
"""

from __future__ import annotations

from workbench.ingest.limits import LIMITS, Limits
from workbench.ingest.specs import JUDGEMENT_HEADINGS, SPECS, KindSpec
from workbench.ingest.values import MAX_CELL_CHARS
from workbench.store.models import CHILDRENS_HOME_TYPES

INTRO = f"""# Data formats for `workbench ingest`

<!-- Generated from workbench/ingest/specs.py by `python -m workbench.ingest.docs`; a test checks it. -->

`workbench ingest KIND FILE... [--db URL] [--strict] [--dry-run] [--sheet NAME] [--max-… N]` imports files of
one kind. `workbench ingest rejected [--kind K]` lists the rows kept aside.

## Files

- **CSV**: UTF-8 (with or without a byte-order mark) or Windows-1252, as spreadsheets save it.
- **XLSX**: the first sheet, or the one named with `--sheet`.
- **JSON**: an array of records (`[{{"URN": "SC123456", ...}}, ...]`); row numbers in messages are record numbers.
- The header row is found **by meaning** among the first 12 rows (title rows and a grouping row above the
  header are skipped). Headings are matched ignoring case, spacing and punctuation; each column
  accepts the synonyms listed below. Empty rows (such as those at the end of Ofsted's files) are ignored.
- **Dates**: `dd/mm/yyyy` (UK, day first) or ISO `yyyy-mm-dd`; spreadsheet dates are taken as they are.
  Two-digit years, `dd-mm-yyyy` and impossible dates (31/02/2023, month 13) are errors, never guessed or swapped.
- **Choices** forgive case, spaces and hyphens (`Working towards` = `working_towards`).
- **Free text** is stored exactly as given (never interpreted as HTML). A cell longer than its column
  allows, and any cell over {MAX_CELL_CHARS:,} characters, is rejected, not stored.
- A column the kind does not use is named in a warning and not imported. A missing required column
  refuses the file, listing the columns expected and found.

## What happens to each row

- Rows are matched to the store by **natural key** (below): new keys are inserted, changed rows updated,
  identical rows left unchanged, so importing the same file twice changes nothing.
- A row that cannot be taken is reported as *file, line, column, value: reason* and kept in the store's
  rejected rows (with the original row); importing the corrected file takes it in and clears it.
- Rows that refer to a home (URN) or inspection (reference) not in the store are rejected with that reason:
  import `providers` first, then `inspections`, then the rest.
- `--strict`: any rejected row refuses the whole file; nothing is written. `--dry-run`: nothing is written;
  the summary says what would happen.
- Each file is one transaction: an error part-way leaves the store exactly as before that file.
- Exit status: 0 every row taken; 1 some rows rejected, the rest imported; 2 a file refused as a whole.

## Limits

A file over one of these limits is refused as a whole (nothing written, exit status 2) with a message naming
the limit and how to raise it. They are checked before the rows are read where the file states its size (an
XLSX workbook's unpacked size and its sheet's declared dimension, a JSON file's nesting and record count),
and again while rows stream.

| limit | default | option | setting |
|---|---|---|---|
""" + "".join(f"| {limit.what} per file | {getattr(Limits(), field):,} | `{limit.option} N` | `{limit.setting.env}` |\n"
              for field, limit in LIMITS.items()) + f"""

## Ofsted's provider-level release

`providers` reads Ofsted's published *Children's social care data in England — provider level* file as it
is, in any of its layouts (the 2015 release's `Setting Name`, `Inspection Date`, `Inspection ID` too). The
latest full inspection on each row is recorded as a published inspection (source `ofsted`, reference = the
event number) with one judgement per graded column.

- **Every published wording reads**: Outstanding, Good, Requires improvement to be good, Requires
  improvement, Adequate, Satisfactory, Inadequate. The wording is kept verbatim with the column heading it
  was published under; the grade is its place on the four-point scale (`outstanding`, `good`,
  `requires_improvement`, `inadequate`; "Adequate" and "Satisfactory" sit where requires improvement sits,
  para 12). "Not judged" and "N/A" are kept as an area not judged (no grade); a blank cell is no judgement.
  Any other wording rejects the row, naming the file, line, column and value.
- **Frameworks**: each inspection records the framework in force at its date: `2011` (the 2011 evaluation
  schedule and anything earlier), `2014` (from 1 April 2014, the framework the workbench's rules apply) or
  `sccif` (the social care common inspection framework, from 1 April 2017). Only the overall judgement
  (`overall` or `overall_effectiveness`) is compared across frameworks; other areas only within one.
- **Releases accumulate**: each file is recorded as a release (its content fingerprint, and the date it
  describes: the "as at" date of its title rows, else its latest inspection date). Importing several
  releases, in any order, gives each home the union of the inspections they report; the same inspection
  reported twice (same event number, or same home and date) is one inspection, linked to every release that
  reported it. Where releases disagree the newer release's value is kept (the older one fills what the newer
  leaves empty), and a home's details are those of the newest release giving them, so the order of import
  does not change the store. Each release's registration of each home (status, places, sector, provider,
  type) is kept as the home's registration history.

An event number Ofsted gives several branches of one agency is kept on the
first branch's inspection; the others are recorded without it. `REDACTED` names and addresses stay
`REDACTED`. Children's-home types — {", ".join(CHILDRENS_HOME_TYPES)} — are the ones the workbench works on
(`workbench homes`); other provision types are kept with their type (`workbench homes --all-types`).

Judgement columns and their area keys:

| Heading | Area key |
|---|---|
""" + "".join(f"| {heading} | `{area}` |\n" for heading, area in JUDGEMENT_HEADINGS.items())


def _kind_section(spec: KindSpec) -> str:
    key = ", ".join({"home_id": "URN", "inspection_id": "inspection reference"}.get(k, k) for k in spec.key)
    lines = [
        f"## `{spec.kind}`",
        "",
        spec.description,
        "",
        f"Example: [`examples/{spec.example}`](../examples/{spec.example}). Natural key: {key}.",
        "",
        "| Column | Required | Type / format | Meaning | Also accepted |",
        "|---|---|---|---|---|",
    ]
    for column in spec.columns:
        synonyms = ", ".join(f"`{s}`" for s in column.synonyms)
        default = f" (blank: `{column.default}`)" if column.default is not None else ""
        lines.append(f"| `{column.field}` | {'yes' if column.required else 'no'} | {column.kind}{default} | "
                     f"{column.meaning} | {synonyms} |")
    if spec.ignored:
        names = ", ".join(f"`{h}`" for h in spec.ignored)
        lines += ["", f"Known and never imported: {names}."]
    if spec.date_order:
        pairs = "; ".join(f"`{later}` not before `{earlier}`" for earlier, later in spec.date_order)
        lines += ["", f"Checks across columns: {pairs}."]
    return "\n".join(lines) + "\n"


def _joiners_section() -> str:
    from workbench.ingest import joiners

    lines = [
        f"## `{joiners.KIND}`",
        "",
        "Ofsted's *Leavers and joiners* release (`workbench ingest joiners-leavers FILE...`): which settings "
        "joined or left the register in the year. Each of the dated columns (became active, resigned, closed, "
        "cancelled) is recorded as a registration event of the setting, with its joiner and leaver status, "
        "its registration status at both ends of the year and the reason. The release names its status "
        "columns by date (`Registration status (as at 1 April 2022)`): the earlier is read as the year's "
        "start, the later as its end. A setting not in the store is added with the details the row gives; "
        "for one already there the newer release's details win (the order of import does not matter). "
        "A children's home whose latest event is resigned, closed or cancelled leaves the due and overdue "
        "lists (manager dashboard, `workbench batch --due-before`) from that date. Natural key: URN, event "
        "and date.",
        "",
        "| Column | Required | Type / format | Meaning | Also accepted |",
        "|---|---|---|---|---|",
    ]
    for column in joiners.COLUMNS:
        synonyms = ", ".join(f"`{s}`" for s in column.synonyms)
        lines.append(f"| `{column.field}` | {'yes' if column.required else 'no'} | {column.kind} | "
                     f"{column.meaning} | {synonyms} |")
    lines += ["", "Known and never imported: `Web link`, `Inspectorate (as at ...)`."]
    return "\n".join(lines) + "\n"


def render() -> str:
    """The whole of docs/data-formats.md."""
    return (INTRO + "\n" + "\n".join(_kind_section(spec) for spec in SPECS.values()) + "\n"
            + _joiners_section())


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
