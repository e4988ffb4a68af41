"""The API under /api/v1/: no trailing slashes, kebab-case segments (NL GOV API Design Rules).

The landing page /api/v1 itself is in config.urls."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from zsm.accounts import api as accounts_api
from zsm.cases import api as cases_api
from zsm.decisions import api as decisions_api
from zsm.workplace import api as workplace_api

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
    # The werkplaats casework, scoped like its pages (workplace/api.py).
    path("werkplaats-cases", workplace_api.WerkplaatsCaseCollectionView.as_view(), name="api-werkplaats-case-list"),
    path(
        "werkplaats-cases/<int:id>", workplace_api.WerkplaatsCaseDetailView.as_view(), name="api-werkplaats-case-detail"
    ),
    path(
        "werkplaats-cases/<int:id>/contacts",
        workplace_api.ContactCollectionView.as_view(),
        name="api-werkplaats-contact-list",
    ),
    path(
        "werkplaats-cases/<int:id>/assessments",
        workplace_api.AssessmentCollectionView.as_view(),
        name="api-werkplaats-assessment-list",
    ),
    path(
        "werkplaats-cases/<int:id>/assessments/<int:assessment_id>/review",
        workplace_api.AssessmentReviewView.as_view(),
        name="api-werkplaats-assessment-review",
    ),
    path("werkplaats-cases/<int:id>/advice", workplace_api.AdviceView.as_view(), name="api-werkplaats-advice"),
    path(
        "werkplaats-cases/<int:id>/advice/answer",
        workplace_api.AdviceAnswerView.as_view(),
        name="api-werkplaats-advice-answer",
    ),
    path(
        "werkplaats-cases/<int:id>/monitoring-checks",
        workplace_api.MonitoringCheckCollectionView.as_view(),
        name="api-werkplaats-monitoring-check-list",
    ),
    path(
        "werkplaats-cases/<int:id>/monitoring-checks/<int:check_id>/outcome",
        workplace_api.MonitoringCheckOutcomeView.as_view(),
        name="api-werkplaats-monitoring-check-outcome",
    ),
    path(
        "werkplaats-cases/<int:id>/time-entries",
        workplace_api.TimeEntryCollectionView.as_view(),
        name="api-werkplaats-time-entry-list",
    ),
]
