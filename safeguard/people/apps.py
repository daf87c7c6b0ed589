from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safeguard.people"
    label = "people"
    verbose_name = "People, relationships and households"

    def ready(self) -> None:
        from safeguard.core import schedule
        from safeguard.core.work import person_link, register_task_kind
        from safeguard.people.duplicates import scheduled_refresh

        # An enquiry about a record the team holds is answered from that record.
        register_task_kind("information_enquiry", person_link, label="Answer an enquiry about a record you hold")
        schedule.register(
            "refresh_likely_duplicates",
            scheduled_refresh,
            "Score likely duplicate records for the review queue: people changed since the last run "
            "(everyone the first time, and when the matching model changes)",
        )
