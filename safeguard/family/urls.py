from django.urls import path

from safeguard.family import views

urlpatterns = [
    path("people/<uuid:person_id>/genogram/", views.genogram, name="family_genogram"),
    path("people/<uuid:person_id>/network/", views.network, name="family_network"),
    path("health-lookup/", views.health_lookup, name="family_health_lookup"),
]
