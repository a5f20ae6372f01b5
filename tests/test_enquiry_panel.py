"""The dashboard's lines-of-enquiry panel says plainly when its inspection has gone from the store."""

from __future__ import annotations

from sqlalchemy import delete
from test_judgements import VISIT, seed_home

from workbench import judgements as J
from workbench.store.db import session_scope
from workbench.store.models import Inspection


def test_drafting_for_an_inspection_no_longer_in_the_store_says_so(db_url: str) -> None:
    from workbench.dashboards.enquiries import EnquiryPanel

    ids = seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    panel = EnquiryPanel(db_url, "alice", ids["home"], "SC100001", iid)
    with session_scope(db_url) as session:  # removed by someone else while the page is open
        session.execute(delete(Inspection).where(Inspection.id == iid))
    panel._act("Lines of enquiry drafted from the evidence.", panel.draft)
    assert f"inspection {iid} is no longer in the store" in panel.message.value
    assert "wb-error" in panel.message.value
