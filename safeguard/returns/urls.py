from django.urls import path, register_converter

from safeguard.returns import views


class YearConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(YearConverter, "year")

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("cin-census/<year:year>.xml", views.cin_census_download, name="cin_census_download"),
    path("cin-census/<year:year>/checks/<slug:check>/", views.cin_census_check, name="cin_census_check"),
    path("cin-census/<year:year>/dfe-validator/", views.cin_census_dfe, name="cin_census_dfe"),
    path("annex-a.xlsx", views.annex_a_download, name="annex_a"),
]
