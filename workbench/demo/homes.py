"""Demo homes (fictional names and addresses), inspectors, managers and assignments."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from workbench.demo import vocab
from workbench.demo.rand import Rand

#: demo URNs live in ranges Ofsted does not use, so they never clash with imported real homes
URN_SC_BASE, URN_NUM_BASE = 900_000, 9_000_000
SHARE_SEVEN_DIGIT = 0.15
MANAGERS = (("manager", "Morwenna Castleton"), ("manager2", "Idris Fenwick"))


def urn(index: int, seven_digit: bool) -> str:
    """The demo URN of home ``index``: ``SC9xxxxx`` or ``9xxxxxx`` (a permutation, so unique)."""
    if seven_digit:
        return str(URN_NUM_BASE + (index * 7919) % 1_000_000)
    return f"SC{URN_SC_BASE + (index * 7919) % 100_000}"


def is_demo_urn(value: str) -> bool:
    """Whether a URN is in the demo ranges (``SC9`` + 5 digits, or 7 digits starting with 9)."""
    return (len(value) == 8 and value.startswith("SC9") and value[2:].isdigit()) or (
        len(value) == 7 and value.startswith("9") and value.isdigit())


def _pick(rng: Rand, weights: Mapping[Any, float]) -> Any:
    """A key drawn by its weight (weights need not sum to 1: ``Rand.choice`` scales them)."""
    keys = list(weights)
    return keys[int(rng.choice(len(keys), p=[weights[k] for k in keys]))]


def person_name(rng: Any) -> str:
    """A fictional person's name."""
    return f"{vocab.PERSON_FIRST[int(rng.integers(len(vocab.PERSON_FIRST)))]} " \
           f"{vocab.PERSON_LAST[int(rng.integers(len(vocab.PERSON_LAST)))]}"


_REGION_W = {k: v[0] for k, v in vocab.REGIONS.items()}


def home_row(rng: Any, index: int, home_id: int, as_of: dt.date, new_home: bool,
             window_start: dt.date, now: dt.datetime) -> dict[str, Any]:
    """One home's row (the ``homes`` table)."""
    category = _pick(rng, vocab.CATEGORY_WEIGHTS)
    provision = vocab.PROVISION_CHILDRENS_HOME
    if category == "secure":
        provision, places = vocab.PROVISION_SECURE, int(rng.integers(8, 21))
    elif category == "specialist" and rng.random() < 0.2:
        provision, places = vocab.PROVISION_RSS, int(rng.integers(6, 21))
    elif category == "short_breaks":
        places = int(rng.integers(3, 9))
    else:
        places = int(_pick(rng, vocab.PLACES_WEIGHTS))
    sector = "Local Authority" if category == "secure" else _pick(rng, vocab.SECTOR_WEIGHTS)
    if category == "short_breaks" and rng.random() < 0.4:
        sector = "Local Authority"
    gor = _pick(rng, _REGION_W)
    _, ofsted_region, las = vocab.REGIONS[gor]
    local_authority = _pick(rng, dict(las))
    if sector == "Local Authority":
        provider = f"{local_authority} Council"
    elif sector == "Voluntary":
        provider = f"{vocab.PROVIDER_FIRST[int(rng.integers(len(vocab.PROVIDER_FIRST)))]} " \
                   f"{vocab.CHARITY_SECOND[int(rng.integers(len(vocab.CHARITY_SECOND)))]}"
    else:
        provider = f"{vocab.PROVIDER_FIRST[int(rng.integers(len(vocab.PROVIDER_FIRST)))]} " \
                   f"{vocab.PROVIDER_SECOND[int(rng.integers(len(vocab.PROVIDER_SECOND)))]}"
    if new_home:
        registered = as_of - dt.timedelta(days=int(rng.integers(40, 150)))
    else:
        registered = window_start - dt.timedelta(days=int(rng.integers(60, 20 * 365)))
    name = f"{vocab.NAME_FIRST[int(rng.integers(len(vocab.NAME_FIRST)))]} " \
           f"{vocab.NAME_SECOND[int(rng.integers(len(vocab.NAME_SECOND)))]}"
    town = vocab.TOWN_FIRST[int(rng.integers(len(vocab.TOWN_FIRST)))] + \
        vocab.TOWN_SECOND[int(rng.integers(len(vocab.TOWN_SECOND)))]
    street = f"{int(rng.integers(1, 180))} {vocab.STREET_FIRST[int(rng.integers(len(vocab.STREET_FIRST)))]} " \
             f"{vocab.STREET_SECOND[int(rng.integers(len(vocab.STREET_SECOND)))]}"
    letters = "ABDEFGHJLNPQRSTUWXY"
    postcode = f"ZZ{int(rng.integers(1, 99))} {int(rng.integers(0, 10))}" \
               f"{letters[int(rng.integers(len(letters)))]}{letters[int(rng.integers(len(letters)))]}"
    return {
        "id": home_id, "urn": urn(index, bool(rng.random() < SHARE_SEVEN_DIGIT)), "name": name,
        "address1": street, "address2": None, "town": town, "county": None, "postcode": postcode,
        "provision_type": provision, "is_childrens_home": True, "home_category": category,
        "short_break_only": category == "short_breaks", "multi_building": bool(rng.random() < 0.02),
        "sector": sector, "places": float(places), "local_authority": local_authority, "region": ofsted_region,
        "government_office_region": gor, "constituency": None, "registered_provider": provider,
        "responsible_individual": person_name(rng), "registration_date": registered,
        "registration_status": "Active", "linked_education_urn": None, "created_at": now, "updated_at": now,
    }


def inspector_count(homes: int) -> int:
    """How many demo inspectors cover ``homes`` homes: one per ~35 homes, at least 3."""
    return max(3, math.ceil(homes / 35))


def demo_usernames(homes: int) -> list[str]:
    """The usernames the demo data owns for ``homes`` homes (replaced on every run)."""
    return [f"inspector{k}" for k in range(1, inspector_count(homes) + 1)] + [name for name, _ in MANAGERS]


def inspectors_for(seed: int, homes: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Inspector and manager users, and the inspector each home is assigned to.

    One inspector per ~35 homes (at least 3): homes sorted by region are split into contiguous
    runs, so each inspector mostly covers one region. Usernames are ``inspector1`` ... and
    ``manager`` / ``manager2``.
    """
    rng = np.random.default_rng([seed, 7_000_002])
    count = inspector_count(len(homes))
    order = sorted(range(len(homes)), key=lambda i: (homes[i]["government_office_region"], homes[i]["urn"]))
    assigned: dict[int, str] = {}
    regions: dict[str, dict[str, int]] = {}
    for rank, i in enumerate(order):
        username = f"inspector{1 + rank * count // max(1, len(homes))}"
        assigned[i] = username
        tally = regions.setdefault(username, {})
        tally[homes[i]["region"]] = tally.get(homes[i]["region"], 0) + 1
    users = []
    for k in range(1, count + 1):
        username = f"inspector{k}"
        tally = regions.get(username, {})
        region = max(sorted(tally), key=lambda r: tally[r]) if tally else None
        users.append({"username": username, "display_name": person_name(rng), "role": "inspector",
                      "region": region})
    for username, display in MANAGERS:
        users.append({"username": username, "display_name": display, "role": "manager", "region": None})
    return users, assigned
