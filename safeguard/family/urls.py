from django.urls import path

from safeguard.family import views

urlpatterns = [
    path("people/<uuid:person_id>/genogram/", views.genogram, name="family_genogram"),
    path("people/<uuid:person_id>/network/", views.network, name="family_network"),
    path("health-lookup/", views.health_lookup, name="family_health_lookup"),
    path("attendances/new/", views.attendance_new, name="family_attendance_new"),
    path("attendances/<uuid:attendance_id>/", views.attendance, name="family_attendance"),
    path("people/<uuid:person_id>/pregnancy/new/", views.pregnancy_new, name="family_pregnancy_new"),
    path("pregnancies/<uuid:pregnancy_id>/", views.pregnancy, name="family_pregnancy"),
    path("gp-notifications/", views.gp_notifications, name="family_gp_notifications"),
    path(
        "gp-notifications/<uuid:notification_id>/acknowledge/",
        views.gp_notification_acknowledge,
        name="family_gp_notification_acknowledge",
    ),
    path("people/<uuid:person_id>/risk-flags/new/", views.risk_flag_new, name="family_risk_flag_new"),
    path("risk-flags/<uuid:flag_id>/end/", views.risk_flag_end, name="family_risk_flag_end"),
    path("risk-links/<int:link_id>/review/", views.risk_link_review, name="family_risk_link_review"),
    path("sexual-health/new/", views.sexual_health_new, name="family_sexual_health_new"),
    path("sexual-health/<uuid:assessment_id>/", views.sexual_health, name="family_sexual_health"),
]
