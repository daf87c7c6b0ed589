from django.urls import path

from safeguard.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("annex-a.xlsx", views.annex_a_download, name="annex_a"),
]
