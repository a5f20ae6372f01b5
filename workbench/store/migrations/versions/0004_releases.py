"""releases: Ofsted's releases, the framework of each inspection, registration history (issue 15)

Each inspection records the framework in force at its date; each judgement its area as
published and the release it came from. Releases, the inspections each reported, the
registration each gave a home, and the Leavers and joiners events are kept.

Revision ID: 0004_releases
Revises: 0003_report_exports
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_releases"
down_revision = "0003_report_exports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "fingerprint", name="uq_release_fingerprint"),
    )
    with op.batch_alter_table("inspections") as batch:
        batch.add_column(sa.Column("framework", sa.String(length=20), nullable=True))
    with op.batch_alter_table("judgements") as batch:
        batch.add_column(sa.Column("area_heading", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("release_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_judgements_release_id", "releases", ["release_id"], ["id"],
                                 ondelete="SET NULL")
    op.create_table(
        "inspection_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["release_id"], ["releases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "release_id", name="uq_inspection_release"),
    )
    op.create_index("ix_inspection_releases_inspection_id", "inspection_releases", ["inspection_id"])
    op.create_table(
        "home_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("provision_type", sa.String(length=200), nullable=True),
        sa.Column("registration_status", sa.String(length=60), nullable=True),
        sa.Column("places", sa.Float(), nullable=True),
        sa.Column("sector", sa.String(length=60), nullable=True),
        sa.Column("registered_provider", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["homes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["release_id"], ["releases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("home_id", "release_id", name="uq_home_registration"),
    )
    op.create_index("ix_home_registrations_home_id", "home_registrations", ["home_id"])
    op.create_table(
        "registration_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("joiner_status", sa.String(length=60), nullable=True),
        sa.Column("leaver_status", sa.String(length=60), nullable=True),
        sa.Column("status_before", sa.String(length=60), nullable=True),
        sa.Column("status_after", sa.String(length=60), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["homes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["release_id"], ["releases.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("home_id", "event", "event_date", name="uq_registration_event"),
    )
    op.create_index("ix_registration_events_home_id", "registration_events", ["home_id"])


def downgrade() -> None:
    op.drop_index("ix_registration_events_home_id", table_name="registration_events")
    op.drop_table("registration_events")
    op.drop_index("ix_home_registrations_home_id", table_name="home_registrations")
    op.drop_table("home_registrations")
    op.drop_index("ix_inspection_releases_inspection_id", table_name="inspection_releases")
    op.drop_table("inspection_releases")
    with op.batch_alter_table("judgements") as batch:
        batch.drop_constraint("fk_judgements_release_id", type_="foreignkey")
        batch.drop_column("release_id")
        batch.drop_column("area_heading")
    with op.batch_alter_table("inspections") as batch:
        batch.drop_column("framework")
    op.drop_table("releases")
