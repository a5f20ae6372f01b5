"""previsit: covering index for the peer notification rates of the visit plan

The visit plan compares a home's notifications per place with every home of the same type in
one aggregate query (issue 4); with ``category`` in the index the count reads the index only.

Revision ID: 0002_previsit
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002_previsit"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_notifications_home_date_category", "notifications", ["home_id", "event_date", "category"],
                    unique=False, if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_notifications_home_date_category", table_name="notifications", if_exists=True)
