"""The API under /api/v1/: no trailing slashes, kebab-case segments (NL GOV API Design Rules).

The landing page /api/v1 itself is in config.urls."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from zsm.accounts import api as accounts_api
from zsm.cases import api as cases_api
from zsm.decisions import api as decisions_api
from zsm.meetings import api as meetings_api
from zsm.socialmap import api as socialmap_api
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
    # The social map and referrals (socialmap/api.py), the signal register (meetings/api.py).
    path("institutions", socialmap_api.InstitutionCollectionView.as_view(), name="api-institution-list"),
    path("institutions/<int:id>", socialmap_api.InstitutionDetailView.as_view(), name="api-institution-detail"),
    path(
        "institutions/<int:id>/verification",
        socialmap_api.InstitutionVerificationView.as_view(),
        name="api-institution-verification",
    ),
    path("services", socialmap_api.ServiceCollectionView.as_view(), name="api-service-list"),
    path("referrals", socialmap_api.ReferralCollectionView.as_view(), name="api-referral-list"),
    path("referrals/<int:id>", socialmap_api.ReferralDetailView.as_view(), name="api-referral-detail"),
    path("referrals/<int:id>/sending", socialmap_api.ReferralSendingView.as_view(), name="api-referral-sending"),
    path(
        "referrals/<int:id>/transitions",
        socialmap_api.ReferralTransitionCollectionView.as_view(),
        name="api-referral-transitions",
    ),
    path("signals", meetings_api.SignalCollectionView.as_view(), name="api-signal-list"),
    path("signals/<int:id>", meetings_api.SignalDetailView.as_view(), name="api-signal-detail"),
    path(
        "signals/<int:id>/transitions",
        meetings_api.SignalTransitionCollectionView.as_view(),
        name="api-signal-transitions",
    ),
    path("signal-candidates", meetings_api.SignalCandidateCollectionView.as_view(), name="api-signal-candidate-list"),
]
