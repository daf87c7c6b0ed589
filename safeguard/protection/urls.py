from django.urls import path

from safeguard.protection import views

app_name = "protection"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("children/<uuid:person_id>/", views.child_summary, name="child_summary"),
    path("strategy-discussions/<uuid:discussion_id>/", views.discussion, name="discussion"),
    path("invitations/<int:invitation_id>/remove/", views.invitation_remove, name="invitation_remove"),
    path("<str:kind>/<uuid:record_id>/other-children/", views.sibling_decision, name="sibling_decision"),
    path("conferences/<uuid:conference_id>/", views.conference, name="conference"),
    path("plans/<uuid:plan_id>/", views.plan, name="plan"),
    path("children/<uuid:person_id>/agreements/new/", views.agreement_edit, name="agreement_new"),
    path("children/<uuid:person_id>/agreements/<uuid:agreement_id>/", views.agreement_edit, name="agreement"),
    path("agreements/<uuid:agreement_id>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("reconvene/<uuid:review_id>/", views.review, name="review"),
    path("challenges/<uuid:challenge_id>/", views.challenge, name="challenge"),
    path("challenges/partnership/", views.partnership_challenges, name="partnership_challenges"),
]
