"""The table of kinds: each kind's columns, store table, natural key and example file.

This one table drives reading, checking, loading and `docs/data-formats.md`
(a test checks the documentation against it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from workbench.errors import UserError
from workbench.ingest.columns import Column
from workbench.ingest.values import (
    make_bool,
    make_choice,
    make_code,
    make_text,
    parse_date,
    parse_float,
    parse_int,
    parse_urn,
)
from workbench.rules import PROGRESS_GRADES, area_titles
from workbench.store import lifecycle
from workbench.store import models as m

#: Every judgement-column heading Ofsted has used, mapped to its area key. The 2014
#: framework's areas use the framework keys (their titles and short titles from framework.yaml, and
#: the other wordings Ofsted has printed); older frameworks' areas keep their own keys.
JUDGEMENT_HEADINGS: dict[str, str] = {
    **{title: key for key, title in area_titles(short=False).items()},
    **{title: key for key, title in area_titles().items()},
    "Overall experiences and progress of children and young people": "overall",
    "The effectiveness of leaders and managers": "leadership",
    "Effectiveness of leaders and managers": "leadership",
    "Working in partnership with others": "partnership",
    "Overall effectiveness": "overall_effectiveness",
    "The safety of children and young people": "safety",
    "Safety of children and young people": "safety",
    "Safeguarding children and young people": "safeguarding",
    "Leadership and management": "leadership_and_management",
    "Outcomes for children and young people": "outcomes",
    "Quality of care": "quality_of_care",
    "Outcomes in education and related learning activities": "outcomes_in_education",
    "Health services": "health_services",
}


@dataclass(frozen=True)
class KindSpec:
    """How one kind of file maps onto the store."""

    kind: str
    model: type[m.Base]
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # store fields of the natural key (after resolving urn / inspection)
    parent: str | None  # "home" (column urn) | "inspection" (column inspection_reference) | None
    example: str
    ignored: tuple[str, ...] = ()
    date_order: tuple[tuple[str, str], ...] = ()  # (earlier, later) pairs checked per row
    extra_headings: dict[str, str] | None = None

    @property
    def table(self) -> Table:
        return self.model.__table__

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


def _length(model: type[m.Base], name: str) -> int | None:
    return getattr(model.__table__.c[name].type, "length", None)


def text(model: type[m.Base], name: str, meaning: str, *synonyms: str, required: bool = False) -> Column:
    """Free text stored as given."""
    return Column(name, "text", meaning, make_text(_length(model, name)), required, synonyms)


def code(model: type[m.Base], name: str, meaning: str, *synonyms: str, required: bool = False) -> Column:
    """An identifier (spaces around it removed)."""
    return Column(name, "text (identifier)", meaning, make_code(_length(model, name)), required, synonyms)


def date(name: str, meaning: str, *synonyms: str, required: bool = False) -> Column:
    return Column(name, "date (dd/mm/yyyy or yyyy-mm-dd)", meaning, parse_date, required, synonyms)


def choice(name: str, meaning: str, choices: tuple[str, ...], *synonyms: str, required: bool = False,
           aliases: dict[str, str] | None = None, default: Any = None) -> Column:
    return Column(name, "one of: " + ", ".join(choices), meaning, make_choice(choices, aliases),
                  required, synonyms, default)


def yes_no(name: str, meaning: str, *synonyms: str, true_words: tuple[str, ...] = (),
           default: bool | None = False) -> Column:
    """Yes/no; a blank cell means `default` (Ofsted leaves the cell blank for no)."""
    return Column(name, "yes/no", meaning, make_bool(true_words), False, synonyms, default)


URN = Column("urn", "URN", "the home's unique reference number as Ofsted writes it (SC123456, 1234567)",
             parse_urn, True, ("URN", "Unique reference number", "Provider URN", "Home URN"))
INSPECTION_REF = Column(
    "inspection_reference", "text (identifier)", "the inspection's reference (Ofsted event number)",
    make_code(40), True, ("Inspection reference", "Inspection event number", "Event number", "Inspection"),
)
REFERENCE_SYNONYMS = ("Reference", "Ref", "ID")


def _reference(model: type[m.Base], what: str, *synonyms: str) -> Column:
    return code(model, "reference", f"unique reference of the {what}", *REFERENCE_SYNONYMS, *synonyms,
                required=True)


PROVIDERS = KindSpec(
    kind="providers",
    model=m.Home,
    description="Registered settings. Reads Ofsted's published provider-level release as it is "
    "(title rows above the header, any of its layouts); the latest full inspection and its "
    "judgements are recorded as a published inspection of the home.",
    columns=(
        URN,
        code(m.Home, "provision_type", "provision type (children's homes and other types are kept)",
             "Provision Type", "Provider type", "Type of provision", required=True),
        text(m.Home, "name", "setting name (REDACTED stays REDACTED)", "Setting Name", "Provider name"),
        text(m.Home, "address1", "address line 1", "Address 1", "Address line 1", "Setting Address 1"),
        text(m.Home, "address2", "address line 2", "Address 2", "Address line 2", "Setting Address 2"),
        text(m.Home, "town", "town", "Setting Town"),
        text(m.Home, "county", "county", "Setting County"),
        text(m.Home, "postcode", "postcode", "Setting Postcode", "Post code"),
        code(m.Home, "sector", "sector (Private, Local Authority, Voluntary ...)", "Provider sector"),
        Column("places", "number (decimals allowed)", "registered or estimated places", parse_float, False,
               ("Places", "Max/Estimated Places", "Maximum places", "Number of places",
                "Registered places", "Max places")),
        code(m.Home, "local_authority", "local authority", "LA", "Local Authority", "Local authority name"),
        code(m.Home, "region", "Ofsted region", "Ofsted region", "Region"),
        code(m.Home, "government_office_region", "government office region",
             "Government Office Region", "GOR"),
        code(m.Home, "constituency", "parliamentary constituency", "Parliamentary constituency",
             "Constituency"),
        text(m.Home, "registered_provider", "organisation which owns the provider",
             "Organisation which owns the provider", "Registered provider", "Provider", "Organisation"),
        text(m.Home, "responsible_individual", "responsible individual", "Responsible individual"),
        date("registration_date", "date of registration", "Registration date", "Reg Date",
             "Date of registration"),
        code(m.Home, "registration_status", "registration status (Active, Suspended ...)",
             "Registration status", "Reg Status", "Status"),
        code(m.Home, "linked_education_urn", "linked education URN", "Linked Education URN", "Linked ED URN"),
        yes_no("short_break_only", "short-break-only children's home",
               "Short-break-only children's home", "Short break only", "Short breaks only",
               true_words=("Short-break-only children's home", "Short break only")),
        yes_no("multi_building", "multi-building children's home", "Multi-building children's home",
               true_words=("Multi-building children's home",)),
        choice("home_category", "the workbench's sub-type of children's home",
               ("general", "specialist", "short_breaks", "secure"), "Home category"),
        Column("latest_inspection_type", "text", "latest full inspection event type (Full inspection ...)",
               make_code(60), False, ("Latest full inspection event type", "Inspection type", "Event type",
                                      "Latest inspection type")),
        date("latest_inspection_date", "latest full inspection date", "Latest full inspection date",
             "Inspection Date", "Latest inspection date", "Date of latest full inspection"),
        date("latest_publication_date", "latest full inspection publication date",
             "Latest full inspection publication date", "Publication date", "Publication Date",
             "Latest inspection publication date"),
        Column("latest_event_number", "text (identifier)", "latest full inspection event number",
               make_code(40), False, ("Latest full inspection event number", "Event number",
                                      "Inspection event number", "Latest event number", "Inspection ID")),
    ),
    key=("urn",),
    parent=None,
    example="providers.csv",
    ignored=("Web link", "Weblink", "Link"),
    extra_headings=JUDGEMENT_HEADINGS,
)

INSPECTIONS = KindSpec(
    kind="inspections",
    model=m.Inspection,
    description="Inspections of homes already in the store.",
    columns=(
        code(m.Inspection, "reference", "unique reference (Ofsted event number)", "Event number",
             "Inspection reference", *REFERENCE_SYNONYMS, required=True),
        URN,
        choice("inspection_type", "full or interim", ("full", "interim", "monitoring"), "Type",
               "Inspection type", "Event type", required=True,
               aliases={"Full inspection": "full", "Interim inspection": "interim",
                        "Monitoring inspection": "monitoring"}),
        date("start_date", "first day on site", "Inspection date", "Start date", "Date", required=True),
        date("end_date", "last day on site (para 9 deadline counts from it)", "End date"),
        date("publication_date", "date the report was published", "Publication date", "Published"),
        choice("status", "where the report is in its review", lifecycle.STATUSES,
               "Status", aliases={"QA approved": "qa_approved"}, default=lifecycle.PUBLISHED),
        code(m.Inspection, "lead_inspector", "lead inspector's username", "Lead inspector", "Inspector"),
        choice("progress_judgement", "interim judgement of progress (para 47)",
               tuple(reversed(PROGRESS_GRADES)), "Progress judgement",
               "Progress", aliases={"Improved effectiveness": "good_progress",
                                    "Sustained effectiveness": "good_progress",
                                    "Declined in effectiveness": "inadequate_progress"}),
    ),
    key=("reference",),
    parent="home",
    example="inspections.csv",
    date_order=(("start_date", "end_date"), ("start_date", "publication_date")),
)

JUDGEMENTS = KindSpec(
    kind="judgements",
    model=m.Judgement,
    description="Judgements per area of inspections already in the store; the grade's wording is "
    "kept as published beside the normalised grade.",
    columns=(
        INSPECTION_REF,
        code(m.Judgement, "area", "judgement area: overall, helped_protected, leadership, partnership "
             "(2014 framework) or an older framework's area key", "Area", "Judgement area", required=True),
        Column("grade", "grade wording", "grade as published (Outstanding, Good, Requires improvement "
               "to be good, Requires improvement, Adequate, Inadequate)", make_code(120), True,
               ("Grade", "Judgement", "Wording")),
        text(m.Judgement, "evidence_summary", "the report text for the area", "Evidence summary",
             "Evidence", "Summary", "Text"),
    ),
    key=("inspection_id", "area"),
    parent="inspection",
    example="judgements.csv",
)

REQUIREMENTS = KindSpec(
    kind="requirements",
    model=m.Requirement,
    description="Requirements (breaches of regulations) set at inspections already in the store.",
    columns=(
        _reference(m.Requirement, "requirement"),
        INSPECTION_REF,
        code(m.Requirement, "regulation", "regulation breached (e.g. 12)", "Regulation", required=True),
        text(m.Requirement, "text", "what the home must do", "Requirement", "Action", "Description",
             required=True),
        date("due_date", "date by which it must be met", "Due date", "Due by"),
        choice("status", "met or not met at the next inspection (blank until then)", ("met", "not_met"),
               "Status"),
        text(m.Requirement, "status_evidence", "evidence for the status", "Status evidence"),
    ),
    key=("reference",),
    parent="inspection",
    example="requirements.csv",
)

RECOMMENDATIONS = KindSpec(
    kind="recommendations",
    model=m.Recommendation,
    description="Recommendations made at inspections already in the store.",
    columns=(
        _reference(m.Recommendation, "recommendation"),
        INSPECTION_REF,
        code(m.Recommendation, "standard", "standard cited (optional)", "Standard", "NMS"),
        text(m.Recommendation, "text", "the recommendation", "Recommendation", "Description",
             required=True),
        choice("status", "met or not met at the next inspection (blank until then)", ("met", "not_met"),
               "Status"),
        text(m.Recommendation, "status_evidence", "evidence for the status", "Status evidence"),
    ),
    key=("reference",),
    parent="inspection",
    example="recommendations.csv",
)

NOTIFICATION_CATEGORIES = ("missing", "restraint", "police_involvement", "serious_injury", "allegation",
                           "child_protection", "serious_illness", "death", "other")

NOTIFICATIONS = KindSpec(
    kind="notifications",
    model=m.Notification,
    description="Notifications of serious events (regulation 40).",
    columns=(
        _reference(m.Notification, "notification", "Notification reference"),
        URN,
        date("event_date", "date of the event", "Event date", "Date", "Date of event", required=True),
        choice("category", "category of event", NOTIFICATION_CATEGORIES, "Category", "Type",
               "Event type", required=True,
               aliases={"Missing from care": "missing", "Police": "police_involvement",
                        "Physical restraint": "restraint"}),
        text(m.Notification, "summary", "what happened (free text, stored as given)", "Summary",
             "Description", "Details"),
        code(m.Notification, "child_ref", "the child's pseudonymous reference (never a name)",
             "Child reference", "Child ref", "Child"),
    ),
    key=("reference",),
    parent="home",
    example="notifications.csv",
)

VISITS = KindSpec(
    kind="visits",
    model=m.IndependentVisit,
    description="Independent person's monthly reports (regulation 33, regulation 44 from 2015).",
    columns=(
        _reference(m.IndependentVisit, "report"),
        URN,
        choice("regulation", "33 (before April 2015) or 44", ("33", "44"), "Regulation", default="44"),
        date("visit_date", "date of the visit", "Visit date", "Date", required=True),
        text(m.IndependentVisit, "visitor", "independent person", "Visitor", "Independent person"),
        choice("safeguarding_opinion", "the visitor's opinion on whether children are safeguarded",
               ("positive", "negative", "not_stated"), "Safeguarding opinion", "Opinion",
               aliases={"Not stated": "not_stated", "Yes": "positive", "No": "negative"},
               default="not_stated"),
        text(m.IndependentVisit, "recommendations", "the visitor's recommendations", "Recommendations"),
        date("received_date", "date Ofsted received the report", "Received date", "Received"),
    ),
    key=("reference",),
    parent="home",
    example="visits.csv",
    date_order=(("visit_date", "received_date"),),
)

REVIEWS = KindSpec(
    kind="reviews",
    model=m.QualityReview,
    description="The manager's quality-of-care reviews (regulation 34, regulation 45 from 2015).",
    columns=(
        _reference(m.QualityReview, "review"),
        URN,
        choice("regulation", "34 (before April 2015) or 45", ("34", "45"), "Regulation", default="45"),
        date("period_end", "last day of the period reviewed", "Period end", "Period ending",
             required=True),
        date("due_date", "date the review was due", "Due date"),
        date("submitted_date", "date it was submitted", "Submitted date", "Submitted"),
        text(m.QualityReview, "summary", "summary of the review", "Summary"),
    ),
    key=("reference",),
    parent="home",
    example="reviews.csv",
)

COMPLAINTS = KindSpec(
    kind="complaints",
    model=m.Complaint,
    description="Complaints about a home, with their outcome.",
    columns=(
        _reference(m.Complaint, "complaint"),
        URN,
        date("received_date", "date received", "Received date", "Date received", "Date", required=True),
        choice("complainant", "who complained", ("child", "parent", "professional", "other"),
               "Complainant", "From"),
        text(m.Complaint, "theme", "theme of the complaint", "Theme"),
        text(m.Complaint, "summary", "what the complaint was about", "Summary", "Details"),
        choice("outcome", "outcome", ("upheld", "partially_upheld", "not_upheld", "withdrawn", "open"),
               "Outcome", default="open"),
        date("closed_date", "date closed", "Closed date", "Closed"),
    ),
    key=("reference",),
    parent="home",
    example="complaints.json",
    date_order=(("received_date", "closed_date"),),
)

SURVEYS = KindSpec(
    kind="surveys",
    model=m.SurveyResponse,
    description="Answers to surveys of children, parents, social workers and staff.",
    columns=(
        _reference(m.SurveyResponse, "answer", "Response reference"),
        URN,
        date("survey_date", "date of the survey", "Survey date", "Date", required=True),
        choice("respondent_type", "who answered", ("child", "parent", "social_worker", "staff"),
               "Respondent", "Respondent type", required=True,
               aliases={"Young person": "child", "Carer": "parent"}),
        text(m.SurveyResponse, "question", "the question", "Question", required=True),
        text(m.SurveyResponse, "answer", "the answer", "Answer", "Response"),
        choice("sentiment", "how the answer reads", ("positive", "neutral", "negative"), "Sentiment",
               default="neutral"),
        text(m.SurveyResponse, "comment", "free comment", "Comment", "Comments"),
    ),
    key=("reference",),
    parent="home",
    example="surveys.csv",
)

CHILDREN = KindSpec(
    kind="children",
    model=m.Child,
    description="Children living or having lived at a home, by pseudonymous reference only "
    "(a column of names is never read).",
    columns=(
        URN,
        code(m.Child, "reference", "the child's pseudonymous reference (never a name)",
             "Child reference", "Child ref", "Pseudonym", "Reference", required=True),
        date("admission_date", "date admitted", "Admission date", "Admitted", required=True),
        date("leaving_date", "date left (blank if still living there)", "Leaving date", "Left"),
        text(m.Child, "leaving_reason", "reason for leaving", "Leaving reason", "Reason for leaving"),
        yes_no("ending_planned", "whether the ending was planned", "Ending planned", "Planned ending",
               default=None),
        choice("education_status", "education status",
               ("in_school", "alternative_provision", "not_in_education", "college", "employment"),
               "Education status", "Education",
               aliases={"School": "in_school", "NEET": "not_in_education"}),
        Column("alternative_provision_hours", "number", "hours a week of alternative provision", parse_float,
               False, ("Alternative provision hours", "AP hours")),
        Column("missing_episodes", "whole number", "missing episodes", parse_int, False,
               ("Missing episodes", "Times missing"), 0),
        yes_no("short_breaks", "child comes for short breaks", "Short breaks"),
        code(m.Child, "age_band", "age band (e.g. 11-15)", "Age band", "Age group"),
    ),
    key=("home_id", "reference"),
    parent="home",
    example="children.csv",
    ignored=("Name", "Child name", "First name", "Surname", "Last name", "Full name", "Date of birth",
             "DOB", "Address"),
    date_order=(("admission_date", "leaving_date"),),
)

STAFF = KindSpec(
    kind="staff",
    model=m.StaffMember,
    description="Registered managers and staff, with qualification status and dates "
    "(framework footnotes 11-12, 19-20).",
    columns=(
        URN,
        code(m.StaffMember, "reference", "staff reference (unique within the home)", "Staff reference",
             "Staff ID", "Reference", "Employee number", required=True),
        text(m.StaffMember, "name", "name", "Name", "Staff name"),
        choice("role", "role", ("registered_manager", "deputy_manager", "care_staff"), "Role", "Job",
               required=True, aliases={"Manager": "registered_manager", "Deputy": "deputy_manager",
                                       "Residential care worker": "care_staff", "Care worker": "care_staff"}),
        date("start_date", "started in the role", "Start date", "Started", required=True),
        date("end_date", "left the role (blank if still in post)", "End date", "Left"),
        choice("qualification_status", "qualification status",
               ("qualified", "enrolled", "working_towards", "none"), "Qualification status",
               "Qualification", aliases={"Enrolled on": "enrolled"}, default="none"),
        date("qualification_enrolled_date", "date enrolled on the qualification", "Enrolled date",
             "Qualification enrolled date"),
        date("qualification_achieved_date", "date the qualification was achieved", "Achieved date",
             "Qualification achieved date"),
    ),
    key=("home_id", "reference"),
    parent="home",
    example="staff.csv",
    date_order=(("start_date", "end_date"),),
)

ASSIGNMENTS = KindSpec(
    kind="assignments",
    model=m.Assignment,
    description="Which inspector covers which home; the users are created or updated as given.",
    columns=(
        URN,
        code(m.Assignment, "username", "the inspector's username", "Username", "Inspector", "User",
             required=True),
        text(m.User, "display_name", "the inspector's name as shown", "Display name", "Inspector name",
             "Name"),
        choice("role", "the user's role", ("inspector", "manager"), "Role"),
        Column("user_region", "text (identifier)", "the user's region", make_code(_length(m.User, "region")),
               False, ("User region", "Inspector region")),
        date("start_date", "covers the home from", "Start date", "From"),
        date("end_date", "covers the home until", "End date", "Until", "To"),
    ),
    key=("home_id", "username"),
    parent="home",
    example="assignments.csv",
    date_order=(("start_date", "end_date"),),
)

SPECS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (PROVIDERS, INSPECTIONS, JUDGEMENTS, REQUIREMENTS, RECOMMENDATIONS, NOTIFICATIONS,
                 VISITS, REVIEWS, COMPLAINTS, SURVEYS, CHILDREN, STAFF, ASSIGNMENTS)
}

def spec_for(kind: str) -> KindSpec:
    """The spec of a kind, or a clear message listing the kinds."""
    try:
        return SPECS[kind]
    except KeyError:
        raise UserError(f"unknown kind {kind!r}; the kinds are: {', '.join(SPECS)}") from None
