from django.urls import path

from safeguard.cin import views

app_name = "cin"

urlpatterns = [
    path("children/<uuid:person_id>/", views.child, name="child"),
    path("children/<uuid:person_id>/characteristics/", views.characteristics, name="characteristics"),
    path("assessments/<uuid:assessment_id>/", views.assessment, name="assessment"),
    path("episodes/<uuid:episode_id>/close/", views.episode_close, name="episode_close"),
    path("episodes/<uuid:episode_id>/plan/", views.plan_start, name="plan_start"),
    path("plans/<uuid:plan_id>/end/", views.plan_end, name="plan_end"),
]
