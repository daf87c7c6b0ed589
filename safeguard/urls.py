"""URL map: the GOV.UK web interface, and the JSON API under /api/v1/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from safeguard.api.api import api
from safeguard.web import views

handler404 = "safeguard.web.views.not_found"
handler403 = "safeguard.web.views.forbidden"
handler500 = "safeguard.web.views.server_error"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("protection/", include("safeguard.protection.urls")),
    path("children-in-need/", include("safeguard.cin.urls")),
    path("directory/", include("safeguard.directory.urls")),
    path("returns/", include("safeguard.returns.urls")),
    path("", include("safeguard.web.urls")),
]
