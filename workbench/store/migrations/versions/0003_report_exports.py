"""lifecycle: the exports of each inspection's report, with the fingerprint of the content exported

Approving a report needs the exported report of the current content (issue 11): each export
records the fingerprint of the inspection's content it was made from.

Revision ID: 0003_report_exports
Revises: 0002_previsit
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_report_exports"
down_revision = "0002_previsit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("html_path", sa.Text(), nullable=True),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("exported_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_report_exports_inspection_id", "report_exports", ["inspection_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_report_exports_inspection_id", table_name="report_exports")
    op.drop_table("report_exports")
