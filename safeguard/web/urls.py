from django.urls import include, path

from safeguard.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("people/find/", views.person_search, name="person_search"),
    path("people/enquiry/", views.person_enquiry, name="person_enquiry"),
    path("people/enquiries/<int:enquiry_id>/", views.record_enquiry, name="record_enquiry"),
    path("people/duplicates/", views.duplicates, name="duplicates"),
    path("people/duplicates/<uuid:first_id>/<uuid:second_id>/", views.duplicate_review, name="duplicate_review"),
    path("people/merges/<uuid:merge_id>/", views.merge_done, name="merge_done"),
    path("people/merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("people/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("people/<uuid:person_id>/emergency-access/", views.break_glass, name="break_glass"),
    path("accounts/", views.accounts, name="accounts"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/people/<uuid:person_id>/", views.audit_person, name="audit_person"),
    path("audit/emergency-access/", views.break_glass_review, name="break_glass_review"),
    path("audit/emergency-access/<uuid:grant_id>/", views.break_glass_review_one, name="break_glass_review_one"),
    path("front-door/", include("safeguard.frontdoor.urls")),
    path("family/", include("safeguard.family.urls")),
    path("healthz", views.healthz, name="healthz"),
]
