"""The people of a generated family: names, the person rows with their identifiers, relationships
and addresses. A mixin of FamilyGenerator (safeguard.demo.generator), drawing from its one
`self.rng` in the same order as before it moved here, so the same seed gives the same people."""

from __future__ import annotations

from datetime import date, timedelta

from safeguard.demo import names
from safeguard.demo.days import ADULT_AGE, age_on, aware
from safeguard.demo.factory import instance_factory
from safeguard.people.codes import IdentifierType, Sex
from safeguard.people.models import Address, Person, PersonIdentifier, Relationship

_new_person = instance_factory(Person)
_new_identifier = instance_factory(PersonIdentifier)
_new_address = instance_factory(Address)
_new_relationship = instance_factory(Relationship)


class PeopleMixin:
    """Person rows and what hangs off them; needs rng, as_of, history_start, _rows and the allocators."""

    def _given_name(self, sex: str, avoid: set[str]) -> str:
        pool = names.FEMALE_GIVEN_NAMES if sex == Sex.FEMALE else names.MALE_GIVEN_NAMES
        name = self.rng.choice(pool)
        while name in avoid:
            name = self.rng.choice(pool)
        avoid.add(name)
        return name

    def _person(
        self,
        *,
        given_name: str,
        family_name: str,
        sex: str,
        ethnicity: str,
        language: str,
        date_of_birth: date | None,
        expected_birth_date: date | None = None,
        disabilities: list[str] | None = None,
    ) -> Person:
        rng = self.rng
        known_since = max(date_of_birth or self.as_of - timedelta(days=60), self.history_start)
        needs = ""
        if language not in ("English", "British Sign Language") and rng.random() < 0.4:
            needs = f"{language} interpreter needed"
        elif language == "British Sign Language":
            needs = "BSL interpreter needed"
        person = _new_person(
            id=self._uuid(),
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            expected_birth_date=expected_birth_date,
            sex=sex,
            ethnicity=ethnicity,
            disabilities=disabilities or [],
            first_language=language,
            communication_needs=needs,
            created_at=aware(known_since),
        )
        self._rows.people.append(person)
        # Most people have an NHS number (the unborn do not yet); the test range can run out.
        if date_of_birth is not None and rng.random() < 0.93:
            nhs = self.nhs.next()
            if nhs is not None:
                self._identifier(person, IdentifierType.NHS_NUMBER, nhs)
        if date_of_birth is not None and 4 <= age_on(date_of_birth, self.as_of) < ADULT_AGE and rng.random() < 0.97:
            # Allocated when the child started school, the September after turning four.
            entry_year = date_of_birth.year + (4 if date_of_birth.month < 9 else 5)
            self._identifier(person, IdentifierType.UPN, self.upn.next(min(entry_year, self.as_of.year)))
        elif date_of_birth is not None and age_on(date_of_birth, self.as_of) < ADULT_AGE:
            person.upn_unknown = self._upn_unknown(date_of_birth)
        if (date_of_birth is None or age_on(date_of_birth, self.as_of) < ADULT_AGE) and not person.disabilities:
            person.disabilities = ["NONE"]  # recorded as "no disability", as the census asks
        return person

    def _identifier(self, person: Person, id_type: str, value: str) -> None:
        self._rows.identifiers.append(_new_identifier(person_id=person.id, id_type=id_type, value=value))

    def _local_id(self, person: Person) -> None:
        if any(i.person_id == person.id and i.id_type == IdentifierType.LOCAL_ID for i in self._rows.identifiers):
            return
        self.local_id_count += 1
        self._identifier(person, IdentifierType.LOCAL_ID, f"WRK{self.local_id_count:07d}")

    def _pnc(self, person: Person) -> None:
        if any(i.person_id == person.id and i.id_type == IdentifierType.PNC for i in self._rows.identifiers):
            return
        year = self._between(max(person.date_of_birth + timedelta(days=10 * 365), self.history_start
                                  - timedelta(days=3650)), self.as_of).year
        self._identifier(person, IdentifierType.PNC, self.pnc.next(year))

    def _relate(
        self,
        from_person: Person,
        to_person: Person,
        relationship_type: str,
        *,
        starts_on: date | None = None,
        ends_on: date | None = None,
        parental_responsibility: bool = False,
        is_main_carer: bool = False,
        notes: str = "",
    ) -> None:
        assert from_person.id != to_person.id
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            ends_on = starts_on
        recorded = max(starts_on or self.history_start, self.history_start)
        self._rows.relationships.append(
            _new_relationship(
                from_person_id=from_person.id,
                to_person_id=to_person.id,
                relationship_type=relationship_type,
                starts_on=starts_on,
                ends_on=ends_on,
                parental_responsibility=parental_responsibility,
                is_main_carer=is_main_carer,
                notes=notes,
                recorded_at=aware(min(recorded, self.as_of)),
            )
        )

    def _postcode(self) -> str:
        rng = self.rng
        letters = names.POSTCODE_LETTERS
        return f"{names.POSTCODE_DISTRICT} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"

    def _address(self, town: str | None = None) -> tuple[str, str, str]:
        rng = self.rng
        town = town or rng.choice(names.TOWNS)[0]
        return f"{rng.randint(1, 180)} {rng.choice(names.STREET_NAMES)}", town, self._postcode()

    def _live_at(self, person: Person, address: tuple[str, str, str], moved_in: date | None, moved_out: date | None):
        if person.date_of_birth is None:
            return
        if moved_in is not None and moved_in < person.date_of_birth:
            moved_in = person.date_of_birth
        if moved_out is not None and moved_in is not None and moved_out < moved_in:
            return
        line_1, town, postcode = address
        self._rows.addresses.append(
            _new_address(person_id=person.id, line_1=line_1, town=town, postcode=postcode, moved_in=moved_in,
                    moved_out=moved_out)
        )

