from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safeguard.people"
    label = "people"
    verbose_name = "People, relationships and households"

    def ready(self) -> None:
        from safeguard.core.work import person_link, register_task_kind

        # An enquiry about a record the team holds is answered from that record.
        register_task_kind("information_enquiry", person_link, label="Answer an enquiry about a record you hold")
