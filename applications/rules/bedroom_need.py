"""Bedroom need: the bedroom standard and its configurable variants (DOMAIN.md §4.5.1).

Who counts: people who will live in the new home (``to_be_rehoused``), whose main home it is
(staying-contact children only if the scheme says so), and expected babies from the point in the
pregnancy the scheme sets. Then:

1. a couple shares one bedroom (two if either partner has an evidenced medical need for their own
   room and the scheme allows it);
2. a single person aged ``adult_age`` or over has their own bedroom;
3. everyone else (the "children") shares in pairs where the scheme allows, and the fewest rooms
   for them is *n − the size of a maximum matching* in the "may share" graph;
4. each approved extra-bedroom reason adds one room; the answer is never below one.

Steps 1–3 are solved as one maximum matching: each couple's room is a vertex that may take one
infant (the infant-with-parent variant), each other person is a vertex, and the edges are "may
sleep in the same room". Rooms = vertices − matched pairs. The matching is exact (Edmonds'
blossom algorithm), so every variant is covered; for the classic standard it agrees with the
textbook procedure (pair same-sex 10–20s, then a leftover 10–20 with a same-sex under-10, then
the under-10s).

Pure Python: no Django imports. Reasons are written for the applicant and the officer to read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = [
    "MAX_HOUSEHOLD",
    "BedroomNeed",
    "BedroomRules",
    "Occupant",
    "age_on",
    "bedroom_need",
    "eligible_sizes",
    "maximum_matching",
]

MAX_HOUSEHOLD = 20
"""The largest household the calculation accepts (more raises ``ValueError``)."""

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class Occupant:
    """One person in the household (or an expected baby: ``due_date`` instead of a birth date)."""

    key: str
    name: str
    date_of_birth: date | None
    due_date: date | None
    sex: str | None  # "female", "male" or None (not known)
    partner_key: str | None
    is_applicant: bool = False
    cannot_share: bool = False  # an evidenced reason they cannot share a bedroom
    needs_own_room_medical: bool = False  # a couple member with a medical need for their own room
    main_home: bool = True  # False: a child who stays for contact but lives elsewhere
    to_be_rehoused: bool = True


@dataclass(frozen=True)
class BedroomRules:
    """The scheme's bedroom settings (DOMAIN.md §4.5.1); the defaults are the bedroom standard."""

    adult_age: int = 21
    any_sex_sharing_max_age: int = 9
    same_sex_sharing_max_age: int = 20
    max_sharing_age_gap: int | None = None
    same_sex_siblings_share_regardless_of_age: bool = False
    infant_with_parent_max_age: int | None = None
    couple_separate_rooms_if_medical: bool = True
    count_staying_contact_children: bool = False
    count_unborn_from_weeks: int | None = 0
    studio_for_single: bool = True

    @classmethod
    def from_scheme(cls, scheme: Any) -> BedroomRules:
        """The rules of a scheme version (anything with the ``bedroom_*`` attributes)."""
        return cls(**{name: getattr(scheme, f"bedroom_{name}")
                      for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class BedroomNeed:
    """The result: the number of bedrooms, the sizes the household may bid for, the reasons
    (a headline, then one line per room, then who is not counted and why) and who sleeps in
    each room (occupant keys; an extra bedroom for a reason is an empty tuple)."""

    bedrooms: int
    eligible_sizes: tuple[int, ...]
    reasons: tuple[str, ...]
    rooms: tuple[tuple[str, ...], ...]


def age_on(born: date, on: date) -> int:
    """Age in whole years on ``on`` (a 29 February birthday falls on 1 March in other years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def eligible_sizes(need: int, rules: BedroomRules) -> tuple[int, ...]:
    """Property sizes (bedrooms; 0 = studio) the household may bid for (DOMAIN.md §4.5.1):
    the need itself, plus studios when the need is one bedroom and the scheme allows it."""
    if need == 1 and rules.studio_for_single:
        return (0, 1)
    return (need,)


# --- maximum matching ----------------------------------------------------------------------


def maximum_matching(n: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """A maximum matching of a general graph on vertices ``0..n-1`` (Edmonds' blossom algorithm,
    O(n³)). Returns ``mate``: ``mate[v]`` is v's partner or -1. Deterministic for a given input."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        if a != b and b not in adj[a]:
            adj[a].append(b)
            adj[b].append(a)
    mate = [-1] * n
    for root in range(n):
        if mate[root] == -1:
            _augment_from(root, adj, mate)
    return mate


def _augment_from(root: int, adj: list[list[int]], mate: list[int]) -> None:
    n = len(adj)
    parent = [-1] * n
    base = list(range(n))
    used = [False] * n
    used[root] = True
    queue = deque([root])

    def lowest_common_base(a: int, b: int) -> int:
        seen = [False] * n
        while True:
            a = base[a]
            seen[a] = True
            if mate[a] == -1:
                break
            a = parent[mate[a]]
        while True:
            b = base[b]
            if seen[b]:
                return b
            b = parent[mate[b]]

    def mark_path(v: int, b: int, child: int, blossom: list[bool]) -> None:
        while base[v] != b:
            blossom[base[v]] = blossom[base[mate[v]]] = True
            parent[v] = child
            child = mate[v]
            v = parent[mate[v]]

    while queue:
        v = queue.popleft()
        for to in adj[v]:
            if base[v] == base[to] or mate[v] == to:
                continue
            if to == root or (mate[to] != -1 and parent[mate[to]] != -1):
                current = lowest_common_base(v, to)
                blossom = [False] * n
                mark_path(v, current, to, blossom)
                mark_path(to, current, v, blossom)
                for i in range(n):
                    if blossom[base[i]]:
                        base[i] = current
                        if not used[i]:
                            used[i] = True
                            queue.append(i)
            elif parent[to] == -1:
                parent[to] = v
                if mate[to] == -1:
                    # Flip the augmenting path root … v → to.
                    while to != -1:
                        previous = parent[to]
                        following = mate[previous]
                        mate[to] = previous
                        mate[previous] = to
                        to = following
                    return
                used[mate[to]] = True
                queue.append(mate[to])


def _matching_size(vertices: Sequence[int], adj: dict[int, set[int]]) -> int:
    index = {v: i for i, v in enumerate(vertices)}
    edges = [(index[a], index[b]) for a in vertices for b in adj[a] if b in index and a < b]
    return sum(1 for m in maximum_matching(len(vertices), edges) if m != -1) // 2


def _preferred_matching(n: int, ranked_edges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A maximum matching that takes edges in the order given whenever that still allows a
    maximum matching: so the people the caller ranks first (a baby with its parents, children
    nearest in age) share, and the answer is the same every time for the same input."""
    adj: dict[int, set[int]] = {v: set() for v in range(n)}
    for a, b in ranked_edges:
        adj[a].add(b)
        adj[b].add(a)
    remaining = set(range(n))
    needed = _matching_size(sorted(remaining), adj)
    chosen: list[tuple[int, int]] = []
    for a, b in ranked_edges:
        if needed == 0:
            break
        if a not in remaining or b not in remaining:
            continue
        rest = sorted(remaining - {a, b})
        if 1 + _matching_size(rest, adj) == needed:
            chosen.append((a, b))
            remaining -= {a, b}
            needed -= 1
    return chosen


# --- the calculation -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    occupant: Occupant
    order: int  # position in the input
    age: int
    unborn: bool


@dataclass(frozen=True)
class _Room:
    """A vertex of the matching graph: a couple's room, one partner's room or one person."""

    people: tuple[_Person, ...]
    kind: str  # "couple", "partner" (one partner of a couple in separate rooms) or "person"
    takes_infant: bool  # may have an infant of the household sleep in it as well


_PARENTS_ROOM = "can sleep in a parent's room"


def _infant_words(limit: int | None) -> str:
    return "a baby under 1" if not limit else f"a child under {limit + 1}"


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _joined(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class _Household:
    """The counted people and how to name them in reasons."""

    def __init__(self, occupants: Sequence[Occupant], rules: BedroomRules, on: date) -> None:
        self.rules = rules
        self.on = on
        self.notes: list[str] = []
        self.people: list[_Person] = []
        self.applicant_partner_key: str | None = None
        keys = [o.key for o in occupants]
        if len(set(keys)) != len(keys):
            raise ValueError("Each occupant needs a different key.")
        by_key = {o.key: o for o in occupants}
        applicants = [o for o in occupants if o.is_applicant]
        if len(applicants) > 1:
            raise ValueError("Only one occupant can be the applicant.")
        self.partners = _partner_map(occupants, by_key)
        if applicants:
            self.applicant_partner_key = self.partners.get(applicants[0].key)
        for order, occupant in enumerate(occupants):
            person = self._counted(occupant, order)
            if person is not None:
                self.people.append(person)

    def _counted(self, occupant: Occupant, order: int) -> _Person | None:
        rules = self.rules
        if not occupant.to_be_rehoused:
            if occupant.is_applicant:
                self.notes.append("You are not counted: you are not moving to the new home.")
            else:
                self.notes.append(f"{_capitalised(self.label(occupant))} is not counted: they "
                                  "are not moving with you.")
            return None
        if not occupant.main_home:
            if not rules.count_staying_contact_children:
                self.notes.append(f"{_capitalised(self.plain_name(occupant))} (staying contact) "
                                  "is not counted: only children whose main home is with you "
                                  "count.")
                return None
            self.notes.append(f"{_capitalised(self.plain_name(occupant))} (staying contact) is "
                              "counted: this scheme counts children who stay with you part of "
                              "the time.")
        if occupant.date_of_birth is not None:
            if occupant.due_date is not None:
                raise ValueError(f"{occupant.key}: give a date of birth or a due date, not both.")
            if occupant.date_of_birth > self.on:
                raise ValueError(f"{occupant.key}: born after the calculation date.")
            return _Person(occupant, order, age_on(occupant.date_of_birth, self.on), False)
        if occupant.due_date is None:
            raise ValueError(f"{occupant.key}: give a date of birth or a due date.")
        baby = _capitalised(self.plain_name(occupant))
        weeks_from = rules.count_unborn_from_weeks
        if weeks_from is None:
            self.notes.append(f"{baby} is not counted yet: babies are counted once they are "
                              "born.")
            return None
        # Weeks pregnant = 40 − weeks until the due date, in completed weeks.
        weeks_pregnant = (280 - (occupant.due_date - self.on).days) // 7
        if weeks_from and weeks_pregnant < weeks_from:
            self.notes.append(f"{baby} is not counted yet: babies are counted from "
                              f"{weeks_from} weeks of pregnancy.")
            return None
        self.notes.append(f"{baby} is counted as a child under "
                          f"{rules.any_sex_sharing_max_age + 1}.")
        return _Person(occupant, order, 0, True)

    def plain_name(self, occupant: Occupant) -> str:
        if occupant.is_applicant:
            return "you"
        if occupant.key == self.applicant_partner_key:
            return f"{occupant.name} (your partner)" if occupant.name else "your partner"
        if occupant.date_of_birth is None and occupant.due_date is not None:
            return occupant.name or f"the baby due on {_long_date(occupant.due_date)}"
        return occupant.name or occupant.key

    def label(self, occupant: Occupant) -> str:
        name = self.plain_name(occupant)
        if (occupant.is_applicant or occupant.key == self.applicant_partner_key
                or occupant.date_of_birth is None):
            return name
        return f"{name} ({age_on(occupant.date_of_birth, self.on)})"


def _partner_map(occupants: Sequence[Occupant], by_key: dict[str, Occupant]) -> dict[str, str]:
    """Couples, both ways round. A link on one side is enough; links must not conflict."""
    partners: dict[str, str] = {}
    for occupant in occupants:
        other = occupant.partner_key
        if other is None:
            continue
        if other == occupant.key:
            raise ValueError(f"{occupant.key} cannot be their own partner.")
        if other not in by_key:
            raise ValueError(f"{occupant.key}: no occupant has the key {other!r}.")
        if partners.get(occupant.key, other) != other or partners.get(other,
                                                                      occupant.key) != occupant.key:
            raise ValueError(f"{occupant.key}: a person can have only one partner.")
        partners[occupant.key] = other
        partners[other] = occupant.key
    return partners


def _sex_noun(sex: str, ages: Sequence[int]) -> str:
    if all(age < 18 for age in ages):
        return "girls" if sex == "female" else "boys"
    if all(age >= 18 for age in ages):
        return "women" if sex == "female" else "men"
    return "young women" if sex == "female" else "young men"


class _Sharing:
    """Who may share a room, and why (DOMAIN.md §4.5.1 ``may_share``)."""

    def __init__(self, rules: BedroomRules) -> None:
        self.rules = rules

    def infant(self, person: _Person) -> bool:
        limit = self.rules.infant_with_parent_max_age
        return limit is not None and person.age <= limit and not person.occupant.cannot_share

    def regardless_of_age(self, a: _Person, b: _Person) -> bool:
        """Kingston's variant: same-sex people whose ages are less than the gap apart share."""
        gap = self.rules.max_sharing_age_gap
        return (self.rules.same_sex_siblings_share_regardless_of_age and gap is not None
                and a.occupant.sex is not None and a.occupant.sex == b.occupant.sex
                and abs(a.age - b.age) < gap)

    def reason(self, a: _Person, b: _Person) -> str | None:
        """Why ``a`` and ``b`` may share a bedroom, or None if they may not."""
        rules = self.rules
        if a.occupant.cannot_share or b.occupant.cannot_share:
            return None
        ya, yb = a.age, b.age
        if self.regardless_of_age(a, b) and not (ya <= rules.same_sex_sharing_max_age
                                                 and yb <= rules.same_sex_sharing_max_age
                                                 and max(ya, yb) < rules.adult_age):
            noun = _sex_noun(a.occupant.sex or "", (ya, yb))
            return (f"two {noun} whose ages are less than {rules.max_sharing_age_gap} years "
                    "apart can share")
        if ya >= rules.adult_age or yb >= rules.adult_age:
            return None
        both_young = ya <= rules.any_sex_sharing_max_age and yb <= rules.any_sex_sharing_max_age
        gap = rules.max_sharing_age_gap
        if gap is not None and abs(ya - yb) >= gap and not both_young:
            return None
        if both_young:
            return (f"children under {rules.any_sex_sharing_max_age + 1} can share whatever "
                    "their sex")
        if (a.occupant.sex is not None and a.occupant.sex == b.occupant.sex
                and ya <= rules.same_sex_sharing_max_age
                and yb <= rules.same_sex_sharing_max_age):
            noun = _sex_noun(a.occupant.sex, (ya, yb))
            return f"two {noun} aged under {rules.same_sex_sharing_max_age + 1} can share"
        return None


def bedroom_need(occupants: Sequence[Occupant], rules: BedroomRules, on: date,
                 extra_bedroom_reasons: Sequence[str] = ()) -> BedroomNeed:
    """How many bedrooms the household needs on ``on`` under ``rules`` (DOMAIN.md §4.5.1), the
    sizes it may bid for, and the reasons in plain English.

    ``extra_bedroom_reasons`` are approved reasons for one more bedroom each (an overnight carer,
    an evidenced medical need, a disabled child who cannot share, foster caring, a member away
    with the armed forces). Raises ``ValueError`` for inconsistent input (duplicate keys, a
    partner link that conflicts with another, a birth after ``on``) or more than
    ``MAX_HOUSEHOLD`` occupants.
    """
    if len(occupants) > MAX_HOUSEHOLD:
        raise ValueError(f"A household can have at most {MAX_HOUSEHOLD} people.")
    household = _Household(occupants, rules, on)
    sharing = _Sharing(rules)
    vertices = _rooms_to_fill(household)
    edges = _ranked_edges(vertices, sharing)
    matched = dict(_preferred_matching(len(vertices), [(a, b) for a, b, _ in edges]))
    why = {(a, b): reason for a, b, reason in edges}

    rooms: list[tuple[str, ...]] = []
    lines: list[str] = []
    done: set[int] = set()
    for index, vertex in enumerate(vertices):
        if index in done:
            continue
        if vertex.kind == "partner":
            # One line for both rooms of a couple in separate rooms (they are adjacent vertices).
            other = index + 1
            first = [vertex.people[0], *_infant_of(index, matched, vertices)]
            second = [vertices[other].people[0], *_infant_of(other, matched, vertices)]
            done.update({index, other, *_mates(index, matched), *_mates(other, matched)})
            rooms += [tuple(p.occupant.key for p in first), tuple(p.occupant.key for p in second)]
            lines.append(_separate_rooms_line(household, first, second, rules))
            continue
        mate = _mate(index, matched)
        done.add(index)
        if mate is None:
            rooms.append(tuple(p.occupant.key for p in vertex.people))
            lines.append(_room_line(household, vertex, None, ""))
            continue
        done.add(mate)
        other_vertex = vertices[mate]
        rooms.append(tuple(p.occupant.key for p in (*vertex.people, *other_vertex.people)))
        reason = why.get((index, mate)) or why.get((mate, index)) or ""
        lines.append(_room_line(household, vertex, other_vertex, reason))

    if refused := _medical_refused(household, rules):
        lines.append(refused)
    for reason in extra_bedroom_reasons:
        rooms.append(())
        lines.append(f"An extra bedroom: {reason.strip().rstrip('.')}.")

    bedrooms = max(len(rooms), 1)
    if not rooms:
        lines.append("Nobody in the household is counted yet, so the minimum of one bedroom "
                     "applies.")
    headline = f"You need {_plural(bedrooms, 'bedroom')}."
    return BedroomNeed(bedrooms=bedrooms, eligible_sizes=eligible_sizes(bedrooms, rules),
                       reasons=(headline, *lines, *household.notes), rooms=tuple(rooms))


def _rooms_to_fill(household: _Household) -> list[_Room]:
    """The matching graph's vertices in a fixed order: the applicant's couple or the applicant,
    other couples, then everyone else from the oldest (ties: the order given)."""
    rules = household.rules
    people = {p.occupant.key: p for p in household.people}
    couples: list[tuple[_Person, _Person]] = []
    in_couple: set[str] = set()
    for person in household.people:
        key = person.occupant.key
        other = household.partners.get(key)
        if other in people and key not in in_couple:
            couples.append((person, people[other]))
            in_couple |= {key, other}
    couples.sort(key=lambda c: (not (c[0].occupant.is_applicant or c[1].occupant.is_applicant),
                                min(c[0].order, c[1].order)))
    vertices: list[_Room] = []
    for a, b in couples:
        if a.occupant.is_applicant is False and b.occupant.is_applicant:
            a, b = b, a
        separate = rules.couple_separate_rooms_if_medical and (
            a.occupant.needs_own_room_medical or b.occupant.needs_own_room_medical)
        if separate:
            for person in (a, b):
                vertices.append(_Room((person,), "partner",
                                      not person.occupant.needs_own_room_medical
                                      and not person.occupant.cannot_share))
        else:
            vertices.append(_Room((a, b), "couple",
                                  not (a.occupant.cannot_share or b.occupant.cannot_share)))
    others = sorted((p for p in household.people if p.occupant.key not in in_couple),
                    key=lambda p: (not p.occupant.is_applicant, -p.age, p.unborn, p.order))
    for person in others:
        # The lone-parent variant: the applicant, if single, may have an infant in their room.
        vertices.append(_Room((person,), "person",
                              person.occupant.is_applicant and not person.occupant.cannot_share))
    return vertices


def _ranked_edges(vertices: Sequence[_Room], sharing: _Sharing) -> list[tuple[int, int, str]]:
    """Who may sleep in the same room, best first: a baby with its parents, then the people
    nearest in age."""
    ranked: list[tuple[tuple[int, int, int, int], tuple[int, int, str]]] = []
    limit = sharing.rules.infant_with_parent_max_age
    for i, first in enumerate(vertices):
        for j in range(i + 1, len(vertices)):
            second = vertices[j]
            if second.kind != "person":
                continue
            baby = second.people[0]
            if first.takes_infant and sharing.infant(baby) and baby not in first.people:
                ranked.append(((0, 0, i, j), (i, j, f"{_infant_words(limit)} {_PARENTS_ROOM}")))
                continue
            if first.kind != "person":
                continue
            reason = sharing.reason(first.people[0], baby)
            if reason is not None:
                gap = abs(first.people[0].age - baby.age)
                ranked.append(((1, gap, i, j), (i, j, reason)))
    ranked.sort(key=lambda item: item[0])
    return [edge for _, edge in ranked]


def _mate(index: int, matched: dict[int, int]) -> int | None:
    if index in matched:
        return matched[index]
    for a, b in matched.items():
        if b == index:
            return a
    return None


def _mates(index: int, matched: dict[int, int]) -> list[int]:
    mate = _mate(index, matched)
    return [] if mate is None else [mate]


def _infant_of(index: int, matched: dict[int, int], vertices: Sequence[_Room]) -> list[_Person]:
    mate = _mate(index, matched)
    return [] if mate is None else list(vertices[mate].people)


def _room_line(household: _Household, vertex: _Room, other: _Room | None, reason: str) -> str:
    names = [household.label(p.occupant) for p in vertex.people]
    if vertex.kind == "couple":
        a, b = vertex.people
        is_applicants = a.occupant.is_applicant or b.occupant.is_applicant
        if other is None:
            suffix = "" if is_applicants else ", who are a couple"
            return f"One bedroom for {_joined(names)}{suffix}."
        names.append(household.label(other.people[0].occupant))
        couple = "" if is_applicants else " (the first two are a couple)"
        return f"One bedroom for {_joined(names)}{couple}: {reason}."
    person = vertex.people[0]
    if other is None:
        if person.occupant.cannot_share and not person.occupant.is_applicant:
            return f"One bedroom for {names[0]}, who cannot share a bedroom."
        return f"One bedroom for {names[0]}."
    names.append(household.label(other.people[0].occupant))
    if reason.endswith(_PARENTS_ROOM):
        return f"One bedroom for {_joined(names)}: {reason}."
    return f"One bedroom shared by {_joined(names)}: {reason}."


def _separate_rooms_line(household: _Household, first: Sequence[_Person],
                         second: Sequence[_Person], rules: BedroomRules) -> str:
    a, b = first[0], second[0]
    line = (f"One bedroom each for {household.label(a.occupant)} and "
            f"{household.label(b.occupant)}: a couple can have separate bedrooms when one of "
            "them has a medical need for their own room.")
    for parent, room in ((a, first), (b, second)):
        for baby in room[1:]:
            if parent.occupant.is_applicant:
                where = "your room"
            elif parent.occupant.key == household.applicant_partner_key:
                where = "your partner's room"
            else:
                where = f"the room of {household.label(parent.occupant)}"
            line += (f" {_capitalised(household.label(baby.occupant))} sleeps in {where}: "
                     f"{_infant_words(rules.infant_with_parent_max_age)} {_PARENTS_ROOM}.")
    return line


def _medical_refused(household: _Household, rules: BedroomRules) -> str | None:
    """Say so when a couple asked for separate rooms but the scheme does not give them."""
    if rules.couple_separate_rooms_if_medical:
        return None
    counted = {p.occupant.key for p in household.people}
    for person in household.people:
        partner = household.partners.get(person.occupant.key)
        if person.occupant.needs_own_room_medical and partner in counted:
            return ("This scheme does not give a couple separate bedrooms for a medical need, "
                    "so the couple share one.")
    return None
