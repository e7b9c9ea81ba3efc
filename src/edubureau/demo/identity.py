"""Synthetic identities: names, birth dates and valid 身份证号 / 学籍号 that never repeat.

One `IdAllocator` serves the whole demo (every county, pupils and teachers), so no two people share an
ID number. An ID number's 3-digit sequence is drawn at random among those still free for its area,
birth date and sex.
"""

from __future__ import annotations

import datetime as dt
import random

from edubureau.demo import roster_names
from edubureau.demo.records import Person
from edubureau.lib.chinese_ids import make_resident_id
from edubureau.registry.choices_people import Sex

SEQUENCES = 500  # per area, birth date and sex (GB 11643: odd for men, even for women)


class IdAllocator:
    """Hands out ID numbers, each at most once."""

    def __init__(self) -> None:
        self._taken: dict[tuple[str, dt.date, bool], set[int]] = {}

    def resident_id(self, rng: random.Random, area_code: str, birth_date: dt.date, *, male: bool) -> str:
        taken = self._taken.setdefault((area_code, birth_date, male), set())
        if len(taken) >= SEQUENCES:
            raise RuntimeError(f"no ID sequence left for {area_code} {birth_date}")
        sequence = rng.randrange(SEQUENCES)
        while sequence in taken:
            sequence = (sequence + 1) % SEQUENCES
        taken.add(sequence)
        return make_resident_id(area_code, birth_date, sequence, "male" if male else "female")


def cohort_birth_date(rng: random.Random, cohort: int) -> dt.date:
    """A birth date in the September-to-August cohort that starts in `cohort` (born 1 September
    `cohort` … 31 August `cohort + 1`): the pupils who start grade 1 in school year `cohort + 7`."""
    start = dt.date(cohort, 9, 1)
    days = (dt.date(cohort + 1, 9, 1) - start).days
    return start + dt.timedelta(days=rng.randrange(days))


class PeopleFactory:
    """People of one county: most born here (the county's own area code), some elsewhere."""

    def __init__(self, rng: random.Random, ids: IdAllocator, county_code: str) -> None:
        self.rng = rng
        self.ids = ids
        self.county_code = county_code

    def area_code(self, *, migrant: bool) -> str:
        """Where an ID number says someone was registered at birth."""
        if migrant:
            codes = roster_names.OTHER_PROVINCE_AREA_CODES + roster_names.CITY_AREA_CODES
            return self.rng.choice(codes)
        if self.rng.random() < 0.06:
            return self.rng.choice(roster_names.CITY_AREA_CODES)
        return self.county_code

    def person(self, birth_date: dt.date, *, male: bool, young: bool, migrant: bool = False) -> Person:
        area = self.area_code(migrant=migrant)
        id_number = self.ids.resident_id(self.rng, area, birth_date, male=male)
        name = roster_names.full_name(self.rng, male=male, young=young)
        return Person(name, Sex.MALE if male else Sex.FEMALE, birth_date, id_number)

    def pupil_person(self, cohort: int, *, migrant: bool, male_share: float = 0.52) -> Person:
        male = self.rng.random() < male_share
        return self.person(cohort_birth_date(self.rng, cohort), male=male, young=True, migrant=migrant)

    def adult(self, age: int, *, male: bool, today: dt.date) -> Person:
        """Someone `age` years old on `today`."""
        latest = dt.date(today.year - age, today.month, min(today.day, 28))
        birth_date = latest - dt.timedelta(days=self.rng.randrange(365))
        return self.person(birth_date, male=male, young=False)
