from django.urls import path

from safeguard.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("people/<uuid:person_id>/known-professionals/new/", views.known_new, name="known_new"),
]
