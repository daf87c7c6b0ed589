from django.urls import path

from safeguard.frontdoor import views

app_name = "frontdoor"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("contacts/new/check/", views.intake_check, name="intake_check"),
    path("contacts/new/people/", views.intake_people, name="intake_people"),
    path("contacts/new/people/add/", views.intake_person, name="intake_person_add"),
    path("contacts/new/people/<int:number>/", views.intake_person, name="intake_person"),
    path("contacts/new/people/<int:number>/remove/", views.intake_person_remove, name="intake_person_remove"),
    path("contacts/new/<slug:step>/", views.intake_step, name="intake_step"),
    path("contacts/<uuid:contact_id>/", views.contact_detail, name="contact"),
    path("contacts/<uuid:contact_id>/people/<int:subject_id>/", views.subject_match, name="match"),
    path("contacts/<uuid:contact_id>/decision/", views.decision, name="decision"),
    path("decisions/<uuid:decision_id>/", views.decision_detail, name="decision_detail"),
    path("decisions/<uuid:decision_id>/challenge/", views.challenge, name="challenge"),
    path("information-requests/", views.requests_list, name="requests"),
    path("information-requests/<uuid:request_id>/", views.request_answer, name="request_answer"),
    path("contacts/<uuid:contact_id>/information-requests/new/", views.request_send, name="request_send"),
    path("contacts/<uuid:contact_id>/threshold-view/", views.threshold_view, name="threshold_view"),
    path("police-screening/", views.police_dashboard, name="police"),
    path("police-screening/<uuid:notification_id>/", views.police_decide, name="police_decide"),
    path("triage/", views.triage_index, name="triage"),
    path("triage/start/", views.triage_start, name="triage_start"),
    path("triage/<uuid:meeting_id>/", views.triage_meeting, name="triage_meeting"),
    path("triage/<uuid:meeting_id>/close/", views.triage_close, name="triage_close"),
    path("triage/items/<uuid:item_id>/information/", views.triage_input, name="triage_input"),
    path("triage/items/<uuid:item_id>/decision/", views.triage_decide, name="triage_decide"),
    path("triage/items/<uuid:item_id>/actions/new/", views.triage_action, name="triage_action"),
    path("triage/actions/<int:action_id>/", views.triage_action_done, name="triage_action_done"),
    path("operation-encompass/", views.encompass, name="encompass"),
    path("operation-encompass/<uuid:notice_id>/acknowledge/", views.encompass_acknowledge, name="encompass_ack"),
]
