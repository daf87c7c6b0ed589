from django.urls import path

from safeguard.frontdoor import views

app_name = "frontdoor"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("contacts/new/check/", views.intake_check, name="intake_check"),
    path("contacts/new/<slug:step>/", views.intake_step, name="intake_step"),
    path("contacts/<uuid:contact_id>/", views.contact_detail, name="contact"),
    path("contacts/<uuid:contact_id>/people/<int:subject_id>/", views.subject_match, name="match"),
    path("contacts/<uuid:contact_id>/decision/", views.decision, name="decision"),
    path("decisions/<uuid:decision_id>/", views.decision_detail, name="decision_detail"),
    path("decisions/<uuid:decision_id>/challenge/", views.challenge, name="challenge"),
    path("information-requests/", views.requests_list, name="requests"),
    path("information-requests/<uuid:request_id>/", views.request_answer, name="request_answer"),
    path("police-screening/", views.police_dashboard, name="police"),
    path("operation-encompass/", views.encompass, name="encompass"),
    path("operation-encompass/<uuid:notice_id>/acknowledge/", views.encompass_acknowledge, name="encompass_ack"),
]
