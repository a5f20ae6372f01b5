"""Generic, plausible inspector prose for demo evidence summaries and interim focus notes.

Text is assembled from sentence pools per judgement area and grade band, so each demo
inspection reads differently while naming no child, no home and no address.
"""

from __future__ import annotations

from workbench.demo.rand import Rand
from workbench.rules import GRADES, below_good

# band: "strong" (outstanding/good), "mixed" (requires improvement), "weak" (inadequate)
_POOLS: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "overall": {
        "strong": (
            ("Children make good progress from their starting points.",
             "Children are settled and have warm, trusting relationships with the staff who care for them.",
             "Staff know the children well and plan each day around their needs and interests."),
            ("School attendance has improved for every child who has lived in the home for more than three months.",
             "Children's health needs are well understood and appointments are kept.",
             "Children take part in activities in the community and are proud of what they achieve."),
            ("Children's views shape the running of the home through regular house meetings and key-work sessions.",
             "Moves into and out of the home are planned carefully with children and their families.",
             "Staff help older children to develop the skills they will need when they leave."),
        ),
        "mixed": (
            ("Most children make some progress, but this is not consistent for every child.",
             "Relationships between children and staff are generally positive, although staffing changes have "
             "unsettled some children.",
             "Children's plans are in place but are not always updated when their circumstances change."),
            ("Some children do not attend school regularly and the home's work with schools is not yet effective.",
             "Health appointments are mostly kept, but records of follow-up advice are incomplete.",
             "Children enjoy activities, although these are sometimes cancelled because of staffing."),
            ("Children's views are sought but it is not always clear what difference they make.",
             "Planning for moves is variable; one recent move was not well planned.",
             "Preparation for independence is not consistently reflected in children's plans."),
        ),
        "weak": (
            ("Children are not making progress and for some their circumstances have deteriorated.",
             "Frequent changes of staff mean that children do not have consistent adults to rely on.",
             "Children's plans are out of date and do not reflect their current needs."),
            ("Several children are not in education and the home has not taken effective action.",
             "Children's health needs are not consistently met.",
             "Children spend long periods without purposeful activity."),
            ("Children say they are not listened to.",
             "Placements have ended in an unplanned way and the home did not learn from these endings.",
             "The home cannot demonstrate that it is meeting the needs set out in its statement of purpose."),
        ),
    },
    "helped_protected": {
        "strong": (
            ("Children feel safe and say that they have someone to talk to if they are worried.",
             "Staff understand the risks each child faces and risk assessments are specific and current."),
            ("Episodes of children going missing have reduced; staff respond quickly and work well with police.",
             "Return home interviews are used to understand why children go missing and to reduce risk."),
            ("Physical intervention is rare, proportionate and well recorded; children are helped to reflect "
             "on incidents.",
             "Safer recruitment practice is robust and staff know how to raise concerns."),
        ),
        "mixed": (
            ("Most children feel safe, but risk assessments are not always updated after incidents.",
             "Staff understand safeguarding procedures, although some records lack detail."),
            ("Children continue to go missing and the home's response, while prompt, has not reduced the "
             "frequency of these episodes.",
             "Information from return home interviews is not consistently used to update risk management plans."),
            ("Records of restraint do not always show that the manager has reviewed them promptly.",
             "Recruitment files contain most, but not all, of the required checks."),
        ),
        "weak": (
            ("Children are not adequately protected.",
             "Risk assessments are generic and do not reflect known risks, including the risk of exploitation."),
            ("Children go missing frequently and the home has not worked effectively with partners to reduce this.",
             "Concerns about children's safety have not been shared promptly with placing authorities."),
            ("Restraint is used frequently and records do not show that it was necessary or proportionate.",
             "Serious shortfalls in recruitment checks place children at risk of harm."),
        ),
    },
    "leadership": {
        "strong": (
            ("The registered manager is experienced, suitably qualified and has a clear vision for the home.",
             "Leaders know the home's strengths and weaknesses and act promptly on what they find."),
            ("Staff receive regular, reflective supervision and a broad range of training.",
             "The staff team is stable, which helps children to build trusting relationships."),
            ("Monitoring, including the independent person's reports and the quality-of-care review, leads to "
             "measurable improvement.",),
        ),
        "mixed": (
            ("The manager has made some improvements since the last inspection, but these are not yet embedded.",
             "Monitoring identifies shortfalls but actions are not always followed through."),
            ("Supervision is not consistently monthly and some mandatory training is overdue.",
             "Staff turnover has been high and agency staff cover a significant number of shifts."),
            ("Notifications are made, although not always without delay.",),
        ),
        "weak": (
            ("Leaders and managers have not addressed serious and widespread shortfalls.",
             "The home has been without a registered manager for a prolonged period."),
            ("Staff have not completed the required qualifications within the timescales of the national "
             "minimum standards.",
             "Supervision and training are insufficient to equip staff to meet children's needs."),
            ("Requirements from the last inspection have not been met.",
             "Leaders' monitoring has not identified the concerns found at this inspection."),
        ),
    },
    "partnership": {
        "strong": (
            ("The home works closely with placing authorities, schools and health professionals.",
             "Professionals describe communication as prompt, open and child-focused."),
            ("Staff advocate well for children and challenge partners when plans are not progressing.",),
            ("Staff attend reviews and strategy meetings well prepared, sharing up-to-date information.",
             "Schools and health professionals say the home's staff help them to understand each child's needs."),
        ),
        "mixed": (
            ("Relationships with partners are generally positive, but communication is sometimes delayed.",
             "Some professionals say they are not always told about incidents promptly."),
            ("Staff do not always challenge partners effectively when children's plans drift.",),
            ("Staff attend most review meetings, although information shared is not always up to date.",
             "Work with schools is improving but is not yet consistent for every child."),
        ),
        "weak": (
            ("The home does not work effectively with partner agencies.",
             "Placing authorities have not been informed about significant events."),
            ("Professionals report poor communication and a lack of engagement in planning meetings.",),
            ("Staff do not routinely attend reviews, and children's plans drift as a result.",
             "Advice from health and education professionals is not followed consistently."),
        ),
    },
}

_FOCUS_TEXT = {
    "progress": ("Inspectors tracked the progress of children living in the home since the last inspection.",
                 "Children who have left since the last inspection moved in a planned way, with the home "
                 "contributing to plans for their future.",
                 "Newly admitted children were introduced gradually and their needs were assessed before they moved."),
    "leaders": ("The manager's monitoring identifies where improvement is needed.",
                "Actions from the quality-of-care review are tracked and most are complete.",
                "The responsible individual maintains regular oversight of the home."),
    "experiences": ("Notifications, complaints and incidents of restraint since the last inspection were reviewed.",
                    "The home responded appropriately to significant incidents and shared information with partners.",
                    "Learning from incidents has been used to improve children's experiences."),
    "requirements": ("The home's response to the requirements and recommendations of the last inspection was "
                     "reviewed.",
                     "Most actions have been completed and the impact on children is evident.",
                     "One recommendation remains in progress."),
}


def band(grade: str) -> str:
    """The prose band of a grade."""
    if grade in GRADES and not below_good(grade):
        return "strong"
    return "mixed" if grade == "requires_improvement" else "weak"


def evidence_summary(rng: Rand, area: str, grade: str) -> str:
    """A few paragraphs of generic inspector prose for one judgement area at one grade."""
    paragraphs = []
    for pool in _POOLS[area][band(grade)]:
        count = min(len(pool), 1 + int(rng.integers(0, len(pool))))
        picks = rng.choice(len(pool), size=count, replace=False)
        paragraphs.append(" ".join(pool[int(i)] for i in sorted(picks)))
    return "\n\n".join(paragraphs)


def focus_note(rng: Rand, key: str, progress: str) -> str:
    """An interim focus-area note (para 46) for a focus key of the framework."""
    lowered = key.lower()
    kind = next((k for k in ("requirement", "leader", "experience", "progress") if k in lowered), "progress")
    kind = {"requirement": "requirements", "leader": "leaders", "experience": "experiences"}.get(kind, kind)
    sentences = list(_FOCUS_TEXT[kind])
    if progress != "good_progress":
        sentences[-1] = ("Progress in this area has been limited and the improvements needed have not been made "
                         "consistently." if progress == "limited_progress" else
                         "The home has declined in this area; children's experiences are worse than at the "
                         "last inspection.")
    start = int(rng.integers(0, 2))
    return " ".join(sentences[start:] if start else sentences)
