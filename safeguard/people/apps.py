from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safeguard.people"
    label = "people"
    verbose_name = "People, relationships and households"

    def ready(self) -> None:
        from django.urls import reverse

        from safeguard.core import schedule
        from safeguard.core.work import person_link, register_task_kind
        from safeguard.people.duplicates import scheduled_refresh

        def enquiry_page(task, actor):
            if task.source_type == "people.recordenquiry" and task.source_id:
                return reverse("record_enquiry", args=[task.source_id])
            return person_link(task, actor)  # seeded history without its enquiry

        # The holding team answers on the enquiry's page; the practitioner who asked reads it there.
        register_task_kind("information_enquiry", enquiry_page, label="Answer an enquiry about a record you hold")
        register_task_kind(
            "information_enquiry_answered", enquiry_page, label="An answer to your enquiry about a record"
        )
        schedule.register(
            "refresh_likely_duplicates",
            scheduled_refresh,
            "Score likely duplicate records for the review queue: people changed since the last run "
            "(everyone the first time, and when the matching model changes)",
        )
