from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from zsm.common import views as common_views
from zsm.common.api import ApiRootView
from zsm.config import views as config_views

handler400 = "zsm.common.views.bad_request"
handler403 = "zsm.common.views.permission_denied"
handler404 = "zsm.common.views.page_not_found"
handler500 = "zsm.common.views.server_error"

urlpatterns = [
    path("", config_views.home, name="home"),
    path("overzicht/", config_views.overview, name="overview"),
    path("gezondheid", common_views.health, name="health"),
    path("taal/", set_language, name="set_language"),
    path("", include("zsm.accounts.urls")),
    path("privacy/", include("zsm.audit.urls")),
    path("zsm/", include("zsm.cases.urls")),
    path("zsm/", include("zsm.decisions.urls")),
    path("werkplaats/", include("zsm.workplace.urls")),
    path("sociale-kaart/", include("zsm.socialmap.urls")),
    path("signalen/", include("zsm.meetings.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1", ApiRootView.as_view(), name="api-root"),
    # The OpenAPI document names the landing page "/" relative to the server URL.
    path("api/v1/", ApiRootView.as_view(), name="api-root-slash"),
    path("api/v1/", include("zsm.config.api_urls")),
]
