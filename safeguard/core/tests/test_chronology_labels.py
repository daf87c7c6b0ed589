"""A chronology event's label is the event type's label, whichever way it is asked for (the record
page and API use the quick `event_label`; Django's display method rebuilds the choices each call)."""

from safeguard.core.models import ChronologyEvent, EventType


def test_every_event_type_has_the_same_label_either_way():
    field = ChronologyEvent._meta.get_field("event_type")
    assert [value for value, _ in field.choices] == list(EventType.values)
    for value in [*EventType.values, "retired_type"]:
        event = ChronologyEvent(event_type=value)
        assert event.event_label == event.get_event_type_display()
