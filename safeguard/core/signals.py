"""Signals that carry work one way down the pathway without upstream apps importing downstream ones.

Senders call these inside their transaction; receivers run in it too, so a failure rolls back both.
"""

from django.dispatch import Signal

# A front door decision (or any agency) says a strategy discussion is needed.
# kwargs: children (list[Person]), actor (Practitioner), source (model instance), reason (str),
# sexual_abuse_suspected (bool: the concerns include sexual abuse or exploitation, so the paediatric
# sexual assault service is proposed for the discussion), and optionally team (agencies.Team: the
# social work team the discussion is handed to, to allocate), alleged_perpetrators and named_adults
# (list[Person]: the adults the contact named, carried into the discussion)
strategy_discussion_needed = Signal()

# An event that can change the risk to children was recorded (new birth, bail changed or lifted,
# new adult in the household, perpetrator released or charged, ED attendance, missing episode,
# new disclosure). kwargs: event_type (core.models.EventType), people (list[Person] the event is
# about), occurred_on (date), summary (str), actor, source (model instance or None)
significant_event_recorded = Signal()

# Another setting (e.g. an emergency department, a sexual health clinic) refers children to the
# front door in one step. The front door app receives it and records a contact; its receiver
# returns the contact. kwargs: actor, children (list[Person]), adults (list[Person]),
# concern (str), categories (list[str]), source (model instance)
referral_to_front_door = Signal()

# A person named in a contact has been matched to their record at the front door (so work waiting
# for that person to be referred, such as a separate assessment decided for another child linked
# to the same adults, is done). kwargs: person (Person), contact (the front door contact)
person_linked_to_contact = Signal()

# A front door decision made a contact a referral to children's social care (a child and family
# assessment or a strategy discussion): each child's children in need episode opens or continues.
# kwargs: decision (frontdoor.Decision), children (list[Person]), actor
referral_made = Signal()

# Child protection work decided the child needs a child in need plan (a section 47 enquiry
# concluded "child in need plan"): it starts in the child's open children in need episode.
# kwargs: child (Person), started_on (date), actor, source (model instance)
child_in_need_plan_needed = Signal()
