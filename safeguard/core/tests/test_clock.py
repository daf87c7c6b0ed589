from datetime import date, datetime

import pytest
from django.utils import timezone

from safeguard.core import clock
from safeguard.core.models import NonWorkingDay


@pytest.mark.django_db
class TestWorkingDays:
    def test_weekends_are_skipped(self):
        friday = date(2026, 11, 27)
        assert clock.add_working_days(friday, 1) == date(2026, 11, 30)

    def test_england_bank_holidays_are_skipped(self):
        # 24 Dec 2026 is a Thursday; 25 and 28 Dec (Boxing Day substitute) are bank holidays.
        assert clock.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)

    def test_extra_non_working_days_added_by_an_administrator_count(self):
        NonWorkingDay.objects.create(day=date(2026, 11, 30), description="Partnership closure day")
        assert clock.add_working_days(date(2026, 11, 27), 1) == date(2026, 12, 1)

    def test_a_closure_day_added_later_counts_in_working_days_already_asked_for(self):
        """Working-day counts are remembered (every clock on a work list asks them): a closure day
        an administrator adds afterwards must still change "due in N working days"."""
        friday, next_friday = date(2026, 11, 27), date(2026, 12, 4)
        assert clock.working_days_between(friday, next_friday) == 5
        assert clock.Deadline(next_friday).describe(friday) == "due in 5 working days"
        NonWorkingDay.objects.create(day=date(2026, 11, 30), description="Partnership closure day")
        assert clock.working_days_between(friday, next_friday) == 4
        assert clock.Deadline(next_friday).describe(friday) == "due in 4 working days"
        assert clock.working_days_between(next_friday, friday) == -4

    def test_icpc_is_fifteen_working_days_after_the_strategy_discussion(self):
        assert clock.icpc_due(date(2026, 11, 2)) == date(2026, 11, 23)

    def test_assessment_is_45_working_days(self):
        due = clock.assessment_due(date(2026, 1, 5))
        assert clock.working_days_between(date(2026, 1, 5), due) == 45

    def test_partnership_can_override_a_timescale_in_one_place(self, settings):
        settings.SAFEGUARD_TIMESCALES = {"icpc_working_days": 10}
        assert clock.icpc_due(date(2026, 11, 2)) == date(2026, 11, 16)

    def test_review_conferences_by_months(self):
        assert clock.first_review_due(date(2026, 1, 31)) == date(2026, 4, 30)
        assert clock.later_review_due(date(2026, 4, 30)) == date(2026, 10, 30)

    def test_a_review_limit_on_a_weekend_or_bank_holiday_falls_on_the_working_day_before(self):
        # 27 Feb 2027 is a Saturday: the conference must meet by Friday 26 February.
        assert clock.first_review_due(date(2026, 11, 27)) == date(2027, 2, 26)
        # Six months after 30 Nov 2026 is Sunday 30 May 2027: the review must meet by Friday 28 May.
        assert clock.later_review_due(date(2026, 11, 30)) == date(2027, 5, 28)


@pytest.mark.django_db
class TestDeadline:
    def test_due_and_overdue_are_described_in_working_days(self):
        deadline = clock.Deadline(due=date(2026, 12, 2))
        assert deadline.describe(today=date(2026, 11, 27)) == "due in 3 working days"
        assert deadline.describe(today=date(2026, 12, 2)) == "due today"
        assert deadline.describe(today=date(2026, 12, 4)) == "overdue by 2 working days"
        assert deadline.is_overdue(today=date(2026, 12, 3))


@pytest.mark.django_db
def test_working_hours_roll_over_nights_and_weekends():
    friday_4pm = timezone.make_aware(datetime(2026, 11, 27, 16, 0))
    due = clock.add_working_hours(friday_4pm, 4)
    assert timezone.localtime(due) == timezone.make_aware(datetime(2026, 11, 30, 12, 0))


@pytest.mark.django_db
def test_start_of_next_working_day_after_a_friday_night_incident():
    friday_night = timezone.make_aware(datetime(2026, 11, 27, 22, 30))
    assert timezone.localtime(clock.start_of_next_working_day(friday_night)) == timezone.make_aware(
        datetime(2026, 11, 30, 9, 0)
    )
