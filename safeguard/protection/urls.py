from django.urls import path

from safeguard.protection import views

app_name = "protection"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("allocations/", views.allocation_queue, name="allocation_queue"),
    path("children/<uuid:person_id>/", views.child_summary, name="child_summary"),
    path("strategy-discussions/<uuid:discussion_id>/", views.discussion, name="discussion"),
    path("invitations/<int:invitation_id>/remove/", views.invitation_remove, name="invitation_remove"),
    path("invitations/<int:invitation_id>/name/", views.invitation_name, name="invitation_name"),
    path("actions/<uuid:action_id>/", views.action, name="action"),
    path("<str:kind>/<uuid:record_id>/other-children/", views.sibling_decision, name="sibling_decision"),
    path("conferences/<uuid:conference_id>/", views.conference, name="conference"),
    path("meetings/", views.meetings, name="meetings"),
    path("strategy-discussions/<uuid:discussion_id>/arrange/", views.discussion_arrange, name="discussion_arrange"),
    path("meetings/<str:kind>/<uuid:meeting_id>/reschedule/", views.meeting_reschedule, name="meeting_reschedule"),
    path("meetings/<str:kind>/<uuid:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<str:kind>/<uuid:meeting_id>/record/", views.meeting_record, name="meeting_record"),
    path(
        "meetings/<str:kind>/<uuid:meeting_id>/record/check-and-submit/",
        views.meeting_record_check,
        name="meeting_record_check",
    ),
    path(
        "meetings/<str:kind>/<uuid:meeting_id>/record/<slug:section>/",
        views.meeting_record_section,
        name="meeting_record_section",
    ),
    path("plans/<uuid:plan_id>/core-groups/schedule/", views.core_group_schedule, name="core_group_schedule"),
    path("core-groups/<uuid:core_group_id>/", views.core_group, name="core_group"),
    path("section-47-enquiries/<uuid:enquiry_id>/", views.enquiry, name="enquiry"),
    path("plans/<uuid:plan_id>/", views.plan, name="plan"),
    path("children/<uuid:person_id>/agreements/new/", views.agreement_edit, name="agreement_new"),
    path("children/<uuid:person_id>/agreements/<uuid:agreement_id>/", views.agreement_edit, name="agreement"),
    path("agreements/<uuid:agreement_id>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("reconvene/<uuid:review_id>/", views.review, name="review"),
    path("children/<uuid:person_id>/conferences/new/", views.conference_schedule, name="conference_schedule"),
    path("plans/<uuid:plan_id>/outcomes/new/", views.plan_outcome_new, name="plan_outcome_new"),
    path("plans/<uuid:plan_id>/core-groups/new/", views.core_group_new, name="core_group_new"),
    path("plans/<uuid:plan_id>/visits/new/", views.visit_new, name="visit_new"),
    path("children/<uuid:person_id>/allocation/", views.allocation_change, name="allocation_change"),
    path("people/<uuid:person_id>/significant-events/new/", views.significant_event_new, name="significant_event_new"),
    path("children/<uuid:person_id>/reconvene/request/", views.reconvene_request, name="reconvene_request"),
    path("children/<uuid:person_id>/challenges/new/", views.challenge_new, name="challenge_new"),
    path("challenges/<uuid:challenge_id>/", views.challenge, name="challenge"),
    path("challenges/partnership/", views.partnership_challenges, name="partnership_challenges"),
]
