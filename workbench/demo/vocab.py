"""Fixed vocabularies of the demo generator: places, fictional names, regulation texts, prose.

Everything here is invented for demonstration except the public geography (English
regions and local authorities) and the regulation numbers of the Children's Homes
(England) Regulations 2015. Weights follow the shape of Ofsted's provider-level data
(more homes in the North West and West Midlands; mostly 2-6 places; ~75% private).
"""

from __future__ import annotations

from workbench import rules

# Government Office Region -> (weight, Ofsted region, ((local authority, weight), ...)).
REGIONS: dict[str, tuple[int, str, tuple[tuple[str, int], ...]]] = {
    "North West": (722, "North West", (
        ("Lancashire", 204), ("Cumbria", 44), ("Rochdale", 39), ("Stockport", 35), ("St Helens", 33),
        ("Blackpool", 32), ("Wigan", 32), ("Warrington", 28), ("Sefton", 27), ("Liverpool", 27),
        ("Manchester", 27), ("Bolton", 22), ("Cheshire East", 21), ("Tameside", 21))),
    "West Midlands": (456, "West Midlands", (
        ("Staffordshire", 130), ("Shropshire", 68), ("Birmingham", 67), ("Stoke-on-Trent", 29),
        ("Wolverhampton", 26), ("Telford and Wrekin", 24), ("Worcestershire", 22), ("Herefordshire", 20),
        ("Sandwell", 16), ("Warwickshire", 16), ("Coventry", 13), ("Walsall", 13), ("Dudley", 9))),
    "East Midlands": (327, "East Midlands", (
        ("Leicestershire", 59), ("Derbyshire", 58), ("Nottinghamshire", 54), ("Nottingham", 32),
        ("Lincolnshire", 32), ("West Northamptonshire", 28), ("North Northamptonshire", 27), ("Derby", 21),
        ("Leicester", 15))),
    "South East": (324, "South East", (
        ("Kent", 87), ("Hampshire", 60), ("West Sussex", 30), ("East Sussex", 27), ("Oxfordshire", 23),
        ("Surrey", 22), ("Buckinghamshire", 15), ("West Berkshire", 11), ("Southampton", 9), ("Reading", 7),
        ("Milton Keynes", 6), ("Brighton and Hove", 6), ("Medway", 4))),
    "Yorkshire and The Humber": (277, "North East, Yorkshire and the Humber", (
        ("Calderdale", 35), ("Kirklees", 34), ("Bradford", 27), ("Leeds", 24), ("North Yorkshire", 22),
        ("Sheffield", 19), ("Wakefield", 18), ("Doncaster", 17), ("Kingston upon Hull", 17), ("Rotherham", 17),
        ("Barnsley", 17), ("East Riding of Yorkshire", 14))),
    "East of England": (240, "East of England", (
        ("Norfolk", 51), ("Essex", 48), ("Suffolk", 30), ("Cambridgeshire", 28), ("Hertfordshire", 24),
        ("Bedford", 14), ("Central Bedfordshire", 13), ("Peterborough", 13), ("Southend on Sea", 8), ("Luton", 7))),
    "South West": (211, "South West", (
        ("Devon", 51), ("Somerset", 37), ("Cornwall", 19), ("Wiltshire", 18), ("Gloucestershire", 18),
        ("Plymouth", 15), ("Dorset", 14), ("Bristol", 8), ("Torbay", 6), ("Swindon", 4))),
    "North East": (165, "North East, Yorkshire and the Humber", (
        ("Durham", 43), ("Stockton-on-Tees", 16), ("Sunderland", 16), ("Newcastle upon Tyne", 16),
        ("Northumberland", 13), ("Darlington", 13), ("Gateshead", 12), ("Middlesbrough", 12), ("Hartlepool", 8))),
    "London": (161, "London", (
        ("Redbridge", 18), ("Croydon", 13), ("Waltham Forest", 10), ("Lewisham", 10), ("Brent", 8),
        ("Havering", 8), ("Barking and Dagenham", 8), ("Bexley", 8), ("Ealing", 7), ("Enfield", 7), ("Barnet", 7))),
}

# home_category -> share of homes
CATEGORY_WEIGHTS = {"general": 0.815, "specialist": 0.12, "short_breaks": 0.06, "secure": 0.005}
PROVISION_CHILDRENS_HOME = "Children's home"
PROVISION_SECURE = "Secure children's home"
PROVISION_RSS = "Residential special school (registered as a children's home)"

SECTOR_WEIGHTS = {"Private": 0.75, "Local Authority": 0.20, "Voluntary": 0.05}

# places 1..20 for ordinary homes (shape of the 2023 provider-level data)
PLACES_WEIGHTS = {1: 65, 2: 160, 3: 235, 4: 225, 5: 120, 6: 95, 7: 32, 8: 32, 9: 7, 10: 8, 11: 2,
                  12: 6, 14: 2, 16: 3, 20: 2}

NAME_FIRST = (
    "Willow", "Hawthorn", "Rowan", "Beech", "Alder", "Birch", "Elm", "Hazel", "Laurel", "Maple", "Juniper",
    "Larch", "Cedar", "Holly", "Ivy", "Heather", "Bramble", "Meadow", "Brook", "Fern", "Foxglove", "Kestrel",
    "Skylark", "Wren", "Linnet", "Curlew", "Heron", "Orchard", "Primrose", "Bluebell", "Thistle", "Acorn",
    "Sorrel", "Clover", "Harebell", "Marram", "Sedge", "Tamarisk", "Whitebeam", "Sycamore",
)
NAME_SECOND = ("House", "Lodge", "Cottage", "Grange", "View", "House", "Lodge", "Court", "Barn", "Farmhouse")
STREET_FIRST = (
    "Mill", "Church", "Station", "Oak", "Chapel", "Quarry", "Orchard", "Victoria", "Albert", "Park", "Green",
    "Moor", "Brook", "Castle", "Kiln", "Tannery", "Ropewalk", "Lime", "Well", "Bridge", "Forge", "Pinfold",
)
STREET_SECOND = ("Road", "Lane", "Close", "Avenue", "Street", "Drive", "Way", "Crescent", "Gardens", "Walk")
TOWN_FIRST = ("Ash", "Brack", "Cald", "Dun", "Elm", "Fen", "Grim", "Hal", "Kel", "Lang", "Mor", "Nether",
              "Ock", "Pend", "Quen", "Rad", "Shel", "Thorn", "Ul", "Wex", "Yarn")
TOWN_SECOND = ("bury", "thwaite", "combe", "stow", "wick", "holme", "ley", "marsh", "by", "field", "ington")

PERSON_FIRST = (
    "Alex", "Amira", "Bethan", "Callum", "Dana", "Eamon", "Farah", "Gareth", "Hollie", "Imran", "Jodie", "Kieran",
    "Leanne", "Marcus", "Nadia", "Owen", "Priya", "Rhys", "Shona", "Tariq", "Una", "Vikram", "Wendy", "Yusuf",
    "Zoe", "Adele", "Bilal", "Ciara", "Declan", "Esther", "Fergus", "Gemma", "Hamza", "Isla", "Jasper", "Kerry",
)
PERSON_LAST = (
    "Ashdown", "Blakemore", "Carrow", "Dunmore", "Eversley", "Fairbairn", "Greaves", "Hartigan", "Ingleby",
    "Jessop", "Kilbride", "Lowther", "Marchbank", "Northey", "Ormerod", "Pennock", "Quayle", "Rudd", "Saltmarsh",
    "Thwaites", "Underhill", "Varley", "Whitlock", "Yeadon", "Abbasi", "Brannigan", "Chaudhry", "Delacroix",
    "Ekwueme", "Fennimore", "Gorecki", "Halloran", "Iqbal", "Jankowski", "Kowalczyk", "Lindqvist",
)
PROVIDER_FIRST = ("Evergreen", "Keystone", "Harbour", "Northstar", "Pathway", "Compass", "Horizon", "Lighthouse",
                  "Riverside", "Cornerstone", "Bridgeway", "Oakleaf", "Threshold", "Waymark", "Kindred")
PROVIDER_SECOND = ("Care Ltd", "Children's Services Ltd", "Residential Care Ltd", "Care Group Ltd", "Homes Ltd")
CHARITY_SECOND = ("Children's Trust", "Foundation", "Family Care", "Young People's Charity")

NOTIFICATION_CATEGORIES = ("missing", "restraint", "police_involvement", "serious_injury", "allegation",
                           "child_protection", "serious_illness", "other")
# notifications per place per month, general homes (about 2.5 missing episodes a place a year)
NOTIFICATION_RATES = (0.21, 0.10, 0.06, 0.015, 0.025, 0.035, 0.01, 0.025)
NOTIFICATION_SUMMARIES = {
    "missing": ("Did not return at the agreed time; reported missing to police; returned the next morning.",
                "Left the home without permission in the evening; police informed; found by staff in town.",
                "Missing overnight; return home interview offered and completed by the local authority."),
    "restraint": ("Physical intervention used to prevent harm to another child; debrief completed.",
                  "Brief hold used to stop self-harm; child checked for injury; manager reviewed the record.",
                  "Restraint used during an incident of property damage; child's views recorded."),
    "police_involvement": ("Police called after damage to the home's property.",
                           "Police attended following a disagreement between children; no further action.",
                           "Child arrested in the community and later released under investigation."),
    "serious_injury": ("Fracture sustained during a sports activity; treated at hospital.",
                       "Injury to a hand after punching a wall; seen at the minor injuries unit."),
    "allegation": ("Allegation made against a member of staff; LADO informed; staff member suspended.",
                   "Allegation about the conduct of a staff member; referred to the designated officer."),
    "child_protection": ("Concerns about possible exploitation shared with the placing authority.",
                         "Strategy meeting held following concerns about contact with an unknown adult."),
    "serious_illness": ("Admitted to hospital with a serious infection; placing authority informed.",),
    "other": ("Fire alarm activated by a child; no injuries; fire service attended.",
              "Significant damage to the home's vehicle; insurer and placing authority informed."),
}

# (regulation reference, requirement text) — Children's Homes (England) Regulations 2015
REQUIREMENTS = (
    ("Regulation 12 (1)(a)", "The registered person must ensure that children are protected from harm and enabled "
     "to keep themselves safe, including by ensuring that staff assess whether each child is at risk of harm, "
     "taking into account information in the child's relevant plans."),
    ("Regulation 12 (2)(a)(i)", "The registered person must ensure that the home's child protection policies are "
     "implemented effectively, including timely referral of concerns to the placing authority."),
    ("Regulation 13 (1)(a)", "The registered person must ensure that the registered manager leads and manages the "
     "home in a way that is consistent with the approach and ethos, and delivers the outcomes, set out in the "
     "home's statement of purpose."),
    ("Regulation 13 (2)(h)", "The registered person must use monitoring and review systems to make continuous "
     "improvements in the quality of care provided in the home."),
    ("Regulation 14 (1)(a)", "The registered person must ensure that staff help each child to achieve the "
     "objectives in their relevant plans, and that the plans are reviewed when circumstances change."),
    ("Regulation 10 (1)(a)", "The registered person must ensure that each child receives advice, services and "
     "support in relation to their health and well-being, including timely access to therapeutic services."),
    ("Regulation 8 (2)(a)", "The registered person must ensure that each child attends education or training in "
     "accordance with the child's relevant plans, and that staff work with the child's school to promote it."),
    ("Regulation 11 (2)(a)", "The registered person must ensure that staff help each child to develop and benefit "
     "from relationships based on mutual respect and trust, and understanding about acceptable behaviour."),
    ("Regulation 20 (1)(a)", "The registered person must ensure that restraint is used only where it is necessary "
     "to prevent injury or serious damage to property, and that each use is recorded within 24 hours."),
    ("Regulation 31 (2)(b)", "The registered person must ensure that all staff have the experience, "
     "qualifications and skills to meet the needs of each child, and that training is kept up to date."),
    ("Regulation 32 (3)(a)", "The registered person must not employ a person to work at the home unless full "
     "and satisfactory information is available in relation to that person, including a complete employment "
     "history."),
    ("Regulation 33 (4)(b)", "The registered person must ensure that all staff receive practice-related "
     "supervision by a person with appropriate experience, at least monthly."),
    ("Regulation 35 (3)(a)", "The registered person must ensure that each record of a measure of control, "
     "discipline or restraint is completed fully and reviewed by the registered manager within 48 hours."),
    ("Regulation 36 (1)", "The registered person must maintain records for each child which are kept up to date "
     "and signed and dated by the author of each entry."),
    ("Regulation 40 (4)(a)", "The registered person must notify HMCI and each other relevant person without "
     "delay of any serious incident relating to a child."),
    ("Regulation 44 (4)", "The registered person must ensure that the independent person's report includes their "
     "opinion as to whether children are effectively safeguarded."),
    ("Regulation 45 (4)", "The registered person must complete a review of the quality of care at least once "
     "every six months and send a report to HMCI within 28 days of its completion."),
    ("Regulation 22 (1)", "The registered person must ensure that arrangements for contact between each child "
     "and their family are made in line with the child's relevant plans."),
)

RECOMMENDATIONS = (
    ("Guide para 9.5", "Ensure that children's records are written in a way that the child can understand and "
     "that children are encouraged to contribute to them."),
    ("Guide para 3.10", "Ensure that staff consistently seek children's views and that these are visible in "
     "the records of the home's meetings."),
    ("Guide para 8.21", "Support staff to understand the effects of trauma and to use this knowledge in their "
     "day-to-day care of children."),
    ("Guide para 10.17", "Ensure that the registered manager's monitoring of restraint identifies patterns and "
     "learning, and that this is shared with staff."),
    ("Guide para 5.9", "Strengthen links with children's schools so that staff know about and celebrate "
     "children's progress in education."),
    ("Guide para 7.11", "Ensure that children's health plans are updated after each appointment and that staff "
     "follow the advice given."),
    ("Guide para 14.1", "Improve the quality of risk assessments so that they are specific to each child and "
     "reviewed after significant incidents."),
    ("Guide para 15.2", "Ensure that the statement of purpose is kept under review and reflects the home's "
     "current practice."),
    ("Guide para 19.6", "Ensure that staff supervision records show reflective discussion of practice, not only "
     "tasks."),
    ("Guide para 6.4", "Provide children with more opportunities to develop independent living skills that are "
     "appropriate to their age and understanding."),
)

REG44_RECOMMENDATIONS = (
    "Update the risk assessment of one child following recent missing episodes.",
    "Ensure the fire drill log is completed monthly.",
    "Review the supervision schedule so that all staff receive monthly supervision.",
    "Repair the damaged window in the lounge promptly.",
    "Ensure restraint records are reviewed by the manager within 48 hours.",
    "Refresh staff training in safer recruitment and record completion dates.",
    "No recommendations this month.",
)
REG45_SUMMARIES = (
    "Review of the quality of care: children's progress tracked against their plans; improvements identified "
    "in recording and in the frequency of key-work sessions.",
    "Review of the quality of care: staffing stable; training compliance high; action plan for education "
    "attendance agreed with schools.",
    "Review of the quality of care: increase in incidents noted; behaviour support plans to be revised and "
    "staff to receive refresher training.",
)

COMPLAINT_THEMES = (
    "Food and mealtimes", "Contact with family", "Staff attitude", "Pocket money and savings",
    "Bedroom and belongings", "Use of restraint", "Bullying by other children", "Education support",
    "Health appointments", "House rules and sanctions", "Noise and neighbours", "Communication with parents",
)
COMPLAINT_OUTCOMES = {"upheld": 0.22, "partially_upheld": 0.18, "not_upheld": 0.45, "withdrawn": 0.08, "open": 0.07}
COMPLAINANTS = {"child": 0.55, "parent": 0.25, "professional": 0.12, "other": 0.08}

SURVEY_QUESTIONS = {
    "child": ("Do you feel safe in this home?", "Do staff help you with your education?",
              "Do staff listen to you?", "Can you see your family and friends as much as you want to?"),
    "parent": ("Are you kept informed about your child's progress?", "Does the home help your child to stay safe?"),
    "social_worker": ("Does the home communicate well with you?", "Is the child making progress in this home?",
                      "Does the home follow the child's care plan?"),
    "staff": ("Do you receive regular supervision?", "Do you have the training you need?",
              "Do you feel supported by the manager?"),
}
SURVEY_ANSWERS = {"positive": "Yes, always", "neutral": "Sometimes", "negative": "No"}
SURVEY_COMMENTS = {
    "positive": ("Staff are kind and help me.", "Communication is excellent.", "The manager is always available."),
    "neutral": ("It depends who is on shift.", "Some things have got better recently."),
    "negative": ("Things have got worse since the manager left.", "I was not told about incidents.",
                 "There are not enough staff on some shifts.", "I don't feel listened to."),
}

LEAVING_PLANNED = ("Planned move to foster care", "Returned home to family", "Moved to semi-independent living",
                   "Moved to a placement closer to family", "Turned 18 - moved to supported lodgings",
                   "Planned move to a specialist placement")
LEAVING_UNPLANNED = ("Placement breakdown - emergency move", "Remanded to custody", "Moved to secure accommodation",
                     "Placement ended at short notice at the request of the placing authority",
                     "Placement breakdown - home unable to meet needs")
AGE_BANDS = ("8-10", "11-13", "14-15", "16-17")
EDUCATION = {"in_school": 0.58, "college": 0.12, "alternative_provision": 0.13, "not_in_education": 0.11,
             "employment": 0.06}

GRADES = tuple(reversed(rules.GRADES))  # index = quality level 0 (inadequate) .. 3 (outstanding)
AREAS = rules.AREAS
PROGRESS = tuple(reversed(rules.PROGRESS_GRADES))  # index = 0 (inadequate progress) .. 2 (good progress)
