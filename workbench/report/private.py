"""What the privacy guard must not find in a report of a home, read from the store in one place.

`workbench report`, the dashboards' report button and `workbench batch` all pass this to
`workbench.report.privacy.check`; the report's own data (`report.data`) never carries it.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.store.models import Home


def privacy_inputs(home: Home, child_references: Iterable[str] | None = None) -> dict[str, object]:
    """Keyword arguments of `privacy.check` for this home: its name, address lines, postcode and every
    child's reference (`child_references` if already read, else the home's children)."""
    references = child_references if child_references is not None else (c.reference for c in home.children)
    return {
        "name": home.name,
        "address_lines": tuple(a for a in (home.address1, home.address2) if a and a.strip()),
        "postcode": home.postcode,
        "child_references": tuple(references),
    }
