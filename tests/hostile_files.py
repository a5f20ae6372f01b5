"""Small hostile import files (issue 14 point 5), written directly as XLSX XML so that millions of
rows cost seconds to make: a tiny file that unpacks to a huge sheet, one whose rows are all rejected,
and JSON nested deeper than any record needs."""

from __future__ import annotations

import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                  '</Relationships>')
HEADER = ("Reference", "URN", "Event date", "Category", "Summary")


def _cell(value: str) -> str:
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def xlsx_rows(path: Path, rows: int, dimension: bool = True, row: tuple[str, ...] = ("N", "SC999999", "01/01/2024",
              "missing", "x")) -> Path:
    """An XLSX of notifications: the header, then `rows` identical rows (all rejected: no such home)."""
    head = "<row>" + "".join(_cell(h) for h in HEADER) + "</row>"
    body = ("<row>" + "".join(_cell(v) for v in row) + "</row>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                sheet.write(f'<dimension ref="A1:E{rows + 1}"/>'.encode())
            sheet.write(b"<sheetData>" + head.encode())
            block = body * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(body * (rows % 10_000))
            sheet.write(b"</sheetData></worksheet>")
    return path


def deep_json(path: Path, depth: int = 1_000) -> Path:
    """A JSON array whose one record holds a value nested `depth` levels deep."""
    path.write_text('[{"URN": "SC999999", "Reference": ' + "[" * depth + "]" * depth + "}]")
    return path


if __name__ == "__main__":  # make the files for a manual measurement
    import sys

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, count in (("four-million.xlsx", 4_000_000), ("rejected-400k.xlsx", 400_015)):
        made = xlsx_rows(out / name, count)
        print(made, f"{made.stat().st_size:,} bytes")
    print(deep_json(out / "deep.json"))
