"""The API under /api/v1/: no trailing slashes, kebab-case segments (NL GOV API Design Rules).

The landing page /api/v1 itself is in config.urls."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from zsm.accounts import api as accounts_api
from zsm.cases import api as cases_api
from zsm.decisions import api as decisions_api

urlpatterns = [
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[]),
        name="api-schema",
    ),
    path("organisations", accounts_api.OrganisationListView.as_view(), name="api-organisation-list"),
    path("me", accounts_api.MeView.as_view(), name="api-me"),
    path("cases", cases_api.CaseCollectionView.as_view(), name="api-case-list"),
    path("cases/<int:id>", cases_api.CaseDetailView.as_view(), name="api-case-detail"),
    path("cases/<int:id>/screenings", cases_api.ScreeningCreateView.as_view(), name="api-screening-create"),
    path("cases/<int:id>/decision", decisions_api.DecisionCreateView.as_view(), name="api-decision-create"),
]
