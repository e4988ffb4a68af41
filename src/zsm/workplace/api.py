"""API: the werkplaats casework (cases, contacts, assessments, advice, monitoring, time), scoped like the pages.

Who sees what (workplace/rules.py, DESIGN §4):
- the werkplaats team and probation at the location: all casework;
- the OM at the location: only the advice (and answers it); its casework requests are refused (403);
- others who see the ZSM case (police, Slachtofferhulp): 403; who does not see the case at all: 404.
Special-category content of an assessment is null for whoever does not pass `sees_special_category_at`.

Thin views (DESIGN §3): fetch through a selector, check the rule, validate with a serializer, call one
service, render. Every read writes an access event.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zsm.audit.constants import Action, Purpose
from zsm.audit.services import access_record
from zsm.common.middleware import request_id_of
from zsm.workplace import selectors, services
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.rules import is_team_member_at, sees_casework_here, sees_special_category_at
from zsm.workplace.serializers import (
    AdviceAnswerSerializer,
    AdviceCreateSerializer,
    AdviceSerializer,
    AssessmentCreateSerializer,
    AssessmentReviewSerializer,
    AssessmentSerializer,
    ContactCreateSerializer,
    ContactSerializer,
    MonitoringCheckOutcomeSerializer,
    MonitoringCheckPlanSerializer,
    MonitoringCheckSerializer,
    TimeEntryCreateSerializer,
    TimeEntrySerializer,
    WerkplaatsCaseDetailSerializer,
    WerkplaatsCaseFilterSerializer,
    WerkplaatsCaseSerializer,
)

CASEWORK_403 = OpenApiResponse(description="The caller sees the case, but not its werkplaats casework.")
WRITE_403 = OpenApiResponse(description="Only the assigned worker or the coordinator records casework on this case.")
CONFLICT = OpenApiResponse(description="The case is not in a state for this (finished, not yet assigned, …).")


def require_casework(request: Request) -> None:
    """Who sees no werkplaats casework at their location (the OM, police, administrators, …) gets 403."""
    if not sees_casework_here(request.user):
        raise PermissionDenied(_("Werkplaats casework is for the werkplaats team and probation at the location."))


def casework_case_for(request: Request, werkplaats_case_id: int) -> WerkplaatsCase:
    """A werkplaats case whose casework the caller may see. 404 when the ZSM case is not visible to the
    caller; 403 when it is but the casework is not for them (the OM reads only the advice)."""
    # The advice lookup tells "not visible" (404) from "visible, not for you" (403), as the pages do.
    werkplaats_case = selectors.werkplaats_case_for_advice(user=request.user, werkplaats_case_id=werkplaats_case_id)
    if not request.user.has_perm("workplace.view_casework", werkplaats_case):
        raise PermissionDenied(_("Werkplaats casework is for the werkplaats team and probation at the location."))
    return werkplaats_case


def require_work_on(request: Request, werkplaats_case: WerkplaatsCase) -> None:
    if not request.user.has_perm("workplace.change_case", werkplaats_case):
        raise PermissionDenied(_("Only the assigned worker or the coordinator records casework on this case."))


def record_read(
    request: Request,
    event: str,
    werkplaats_case: WerkplaatsCase,
    purpose: str = Purpose.WERKPLAATS_CASEWORK,
    **details: Any,
) -> None:
    """Casework is read for werkplaats casework, whatever the reader's role (as on the pages)."""
    access_record(
        request=request._request,
        event=event,
        obj=werkplaats_case,
        person_id=werkplaats_case.case.suspect_id,
        purpose=purpose,
        details=details or None,
    )


def _result_ids(response: Response) -> list[int]:
    data = response.data
    return [item["id"] for item in data.get("results", [])] if isinstance(data, dict) else []


# --- Werkplaats cases ------------------------------------------------------------------------


class WerkplaatsCaseCollectionView(generics.ListAPIView[WerkplaatsCase]):
    """The werkplaats cases of the caller's location (werkplaats team and probation only)."""

    serializer_class = WerkplaatsCaseSerializer

    def get_queryset(self) -> Any:
        filters = WerkplaatsCaseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.werkplaats_case_list(
            user=self.request.user,
            status=filters.validated_data.get("status", ""),
            worker_id=filters.validated_data.get("worker"),
        )

    @extend_schema(
        operation_id="werkplaatsCaseList",
        summary="List werkplaats cases",
        description="The werkplaats cases at the caller's location, newest proposal first. Filter by status or worker.",
        parameters=[WerkplaatsCaseFilterSerializer],
        responses={200: WerkplaatsCaseSerializer(many=True), 403: CASEWORK_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_casework(request)
        response = self.list(request, *args, **kwargs)
        results = response.data.get("results", []) if isinstance(response.data, dict) else []
        access_record(
            request=request._request,
            event="werkplaats_case.listed",
            action=Action.SEARCH,
            object_type="workplace.werkplaatscase",
            details={
                "filters": {
                    key: request.query_params[key] for key in ("status", "worker") if key in request.query_params
                },
                "results": len(results),
                "werkplaats_cases": [item["id"] for item in results],
                "persons": sorted({item["suspect"]["id"] for item in results}),
            },
        )
        return response


class WerkplaatsCaseDetailView(APIView):
    @extend_schema(
        operation_id="werkplaatsCaseRetrieve",
        summary="One werkplaats case",
        description="The werkplaats case with the time spent on it: in total and per kind of activity.",
        responses={200: WerkplaatsCaseDetailSerializer, 403: CASEWORK_403},
    )
    def get(self, request: Request, id: int) -> Response:
        werkplaats_case = casework_case_for(request, id)
        by_activity = selectors.case_minutes_by_activity(werkplaats_case)
        minutes_by_activity = [
            {"activity": item.key, "name": item.label, "minutes": item.minutes} for item in by_activity
        ]
        context = {
            "total_minutes": sum(item.minutes for item in by_activity),
            "minutes_by_activity": minutes_by_activity,
        }
        record_read(request, "werkplaats_case.viewed", werkplaats_case)
        return Response(WerkplaatsCaseDetailSerializer(werkplaats_case, context=context).data)


# --- Casework lists with a create: contacts, assessments, monitoring checks, time entries -------------


class CaseworkCollectionView(generics.ListAPIView[Any]):
    """A paginated casework list of one werkplaats case; POST adds an item through one service."""

    list_event = ""
    werkplaats_case: WerkplaatsCase

    def items(self) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        return self.items()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        werkplaats_case = getattr(self, "werkplaats_case", None)
        context["special_visible"] = werkplaats_case is not None and sees_special_category_at(
            self.request.user, werkplaats_case.case.location_id
        )
        return context

    def get(self, request: Request, id: int) -> Response:
        self.werkplaats_case = casework_case_for(request, id)
        response = self.list(request)
        record_read(request, self.list_event, self.werkplaats_case, results=_result_ids(response))
        return response

    def created(self, instance: Any) -> Response:
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    def writable_input(self, request: Request, id: int, serializer_class: type[Any]) -> Any:
        """The gate of every POST here: a case the user sees and works on, then valid input (else 400).
        Returns the validated serializer."""
        self.werkplaats_case = casework_case_for(request, id)
        require_work_on(request, self.werkplaats_case)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer


@extend_schema_view(
    get=extend_schema(
        operation_id="werkplaatsContactList",
        summary="List the contacts of a werkplaats case",
        responses={200: ContactSerializer(many=True), 403: CASEWORK_403},
    ),
    post=extend_schema(
        operation_id="werkplaatsContactCreate",
        summary="Log a contact",
        description=(
            "The assigned worker or the coordinator logs a call, visit or e-mail. Not reached and no follow-up "
            "date: the follow-up is the next working day. The first contact puts an assigned case in progress."
        ),
        request=ContactCreateSerializer,
        responses={201: ContactSerializer, 403: WRITE_403, 409: CONFLICT},
    ),
)
class ContactCollectionView(CaseworkCollectionView):
    serializer_class = ContactSerializer
    list_event = "werkplaats_contacts.viewed"

    def items(self) -> Any:
        return selectors.contact_list(user=self.request.user, werkplaats_case=self.werkplaats_case)

    def post(self, request: Request, id: int) -> Response:
        self.werkplaats_case = casework_case_for(request, id)
        if not request.user.has_perm("workplace.log_contact", self.werkplaats_case):
            raise PermissionDenied(_("Only the assigned worker or the coordinator logs contacts on this case."))
        serializer = ContactCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = services.contact_log(
            user=request.user,
            werkplaats_case_id=self.werkplaats_case.pk,
            data=serializer.to_input(),
            request_id=request_id_of(request),
        )
        return self.created(contact)


@extend_schema_view(
    get=extend_schema(
        operation_id="werkplaatsAssessmentList",
        summary="List the assessments of a werkplaats case",
        description=(
            "Newest first; the first is the one that counts. Notes, protective factors and the professional "
            "judgement are special-category data: null (and `specialCategoryVisible` false) for whoever may not "
            "read them."
        ),
        responses={200: AssessmentSerializer(many=True), 403: CASEWORK_403},
    ),
    post=extend_schema(
        operation_id="werkplaatsAssessmentCreate",
        summary="Record an assessment (RISc light)",
        description=(
            "Scores every life area 0–2; risk level, problem level and approach follow from them. It awaits a "
            "colleague's review; a new assessment replaces the earlier one."
        ),
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer, 403: WRITE_403, 409: CONFLICT},
    ),
)
class AssessmentCollectionView(CaseworkCollectionView):
    serializer_class = AssessmentSerializer
    list_event = "werkplaats_assessments.viewed"

    def items(self) -> Any:
        return selectors.assessment_list(user=self.request.user, werkplaats_case=self.werkplaats_case)

    def post(self, request: Request, id: int) -> Response:
        serializer = self.writable_input(request, id, AssessmentCreateSerializer)
        assessment = services.assessment_record(
            user=request.user,
            werkplaats_case_id=self.werkplaats_case.pk,
            data=serializer.to_input(),
            request_id=request_id_of(request),
        )
        return self.created(assessment)


class AssessmentReviewView(APIView):
    @extend_schema(
        operation_id="werkplaatsAssessmentReview",
        summary="Confirm or challenge a colleague's assessment",
        description=(
            "Another werkplaats team member at the location confirms the assessment or challenges it with a note. "
            "The author cannot review their own assessment (400, `confirm`)."
        ),
        request=AssessmentReviewSerializer,
        responses={
            200: OpenApiResponse(AssessmentSerializer, description="The assessment as reviewed."),
            403: OpenApiResponse(description="Only a werkplaats team member at the location reviews."),
            409: OpenApiResponse(description="Already reviewed, or a newer assessment replaces it."),
        },
    )
    def post(self, request: Request, id: int, assessment_id: int) -> Response:
        werkplaats_case = casework_case_for(request, id)
        assessment = (
            selectors.assessment_list(user=request.user, werkplaats_case=werkplaats_case)
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise Http404
        if not is_team_member_at(request.user, werkplaats_case.case.location_id):
            raise PermissionDenied(_("Only a werkplaats colleague at this location reviews an assessment."))
        serializer = AssessmentReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reviewed = services.assessment_review(
            user=request.user,
            assessment_id=assessment.pk,
            confirm=serializer.validated_data["confirm"],
            note=serializer.validated_data["note"],
            request_id=request_id_of(request),
        )
        special_visible = sees_special_category_at(request.user, werkplaats_case.case.location_id)
        return Response(AssessmentSerializer(reviewed, context={"special_visible": special_visible}).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="werkplaatsMonitoringCheckList",
        summary="List the monitoring checks of a werkplaats case",
        description="Soonest first.",
        responses={200: MonitoringCheckSerializer(many=True), 403: CASEWORK_403},
    ),
    post=extend_schema(
        operation_id="werkplaatsMonitoringCheckPlan",
        summary="Plan a monitoring check",
        description="Planning the first check after the advice starts the monitoring phase.",
        request=MonitoringCheckPlanSerializer,
        responses={201: MonitoringCheckSerializer, 403: WRITE_403, 409: CONFLICT},
    ),
)
class MonitoringCheckCollectionView(CaseworkCollectionView):
    serializer_class = MonitoringCheckSerializer
    list_event = "werkplaats_monitoring_checks.viewed"

    def items(self) -> Any:
        return selectors.monitoring_check_list(user=self.request.user, werkplaats_case=self.werkplaats_case)

    def post(self, request: Request, id: int) -> Response:
        serializer = self.writable_input(request, id, MonitoringCheckPlanSerializer)
        check = services.monitoring_check_plan(
            user=request.user,
            werkplaats_case_id=self.werkplaats_case.pk,
            subject=serializer.validated_data["subject"],
            agency=serializer.validated_data["agency"],
            due_on=serializer.validated_data["due_on"],
            request_id=request_id_of(request),
        )
        return self.created(check)


class MonitoringCheckOutcomeView(APIView):
    @extend_schema(
        operation_id="werkplaatsMonitoringCheckRecord",
        summary="Record what a monitoring check found",
        description="Help that is not running needs a note on whom was chased. A check is recorded once.",
        request=MonitoringCheckOutcomeSerializer,
        responses={
            200: OpenApiResponse(MonitoringCheckSerializer, description="The check as recorded."),
            403: WRITE_403,
            409: OpenApiResponse(description="Already recorded, or the case is finished."),
        },
    )
    def post(self, request: Request, id: int, check_id: int) -> Response:
        werkplaats_case = casework_case_for(request, id)
        check = (
            selectors.monitoring_check_list(user=request.user, werkplaats_case=werkplaats_case)
            .filter(pk=check_id)
            .first()
        )
        if check is None:
            raise Http404
        require_work_on(request, werkplaats_case)
        serializer = MonitoringCheckOutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recorded = services.monitoring_check_record(
            user=request.user,
            check_id=check.pk,
            outcome=serializer.validated_data["outcome"],
            note=serializer.validated_data["outcome_note"],
            minutes=serializer.validated_data["minutes"],
            request_id=request_id_of(request),
        )
        return Response(MonitoringCheckSerializer(recorded).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="werkplaatsTimeEntryList",
        summary="List the other time written on a werkplaats case",
        description="Time outside contacts, assessments, advice, checks and conversations; newest first.",
        responses={200: TimeEntrySerializer(many=True), 403: CASEWORK_403},
    ),
    post=extend_schema(
        operation_id="werkplaatsTimeEntryCreate",
        summary="Write time on a werkplaats case",
        request=TimeEntryCreateSerializer,
        responses={201: TimeEntrySerializer, 403: WRITE_403, 409: CONFLICT},
    ),
)
class TimeEntryCollectionView(CaseworkCollectionView):
    serializer_class = TimeEntrySerializer
    list_event = "werkplaats_time_entries.viewed"

    def items(self) -> Any:
        return selectors.time_entry_list(user=self.request.user, werkplaats_case=self.werkplaats_case)

    def post(self, request: Request, id: int) -> Response:
        serializer = self.writable_input(request, id, TimeEntryCreateSerializer)
        entry = services.time_entry_record(
            user=request.user,
            werkplaats_case_id=self.werkplaats_case.pk,
            kind=serializer.validated_data["kind"],
            minutes=serializer.validated_data["minutes"],
            spent_on=serializer.validated_data["spent_on"],
            description=serializer.validated_data["description"],
            request_id=request_id_of(request),
        )
        return self.created(entry)


# --- The advice to the OM --------------------------------------------------------------------------


def advice_case_for(request: Request, werkplaats_case_id: int) -> WerkplaatsCase:
    """A werkplaats case whose advice the caller may read (casework readers and the OM), else 403/404."""
    return selectors.werkplaats_case_for_advice(user=request.user, werkplaats_case_id=werkplaats_case_id)


class AdviceView(APIView):
    @extend_schema(
        operation_id="werkplaatsAdviceRetrieve",
        summary="The advice to the OM",
        description=(
            "The werkplaats' advice with what it shares with the OM, and the OM's answer. The werkplaats team, "
            "probation and the OM at the location read it; 404 while there is no advice."
        ),
        responses={
            200: AdviceSerializer,
            403: OpenApiResponse(description="The caller sees the case, but the advice is not for them."),
        },
    )
    def get(self, request: Request, id: int) -> Response:
        werkplaats_case = advice_case_for(request, id)
        advice = selectors.advice_for(user=request.user, werkplaats_case=werkplaats_case)
        if advice is None:
            raise Http404
        # The OM reads the advice for its decision; the team for its casework.
        purpose = (
            Purpose.OM_DECISION
            if request.user.has_perm("workplace.respond_to_advice", werkplaats_case)
            else Purpose.WERKPLAATS_CASEWORK
        )
        record_read(request, "werkplaats_advice.viewed", werkplaats_case, purpose)
        return Response(AdviceSerializer(advice).data)

    @extend_schema(
        operation_id="werkplaatsAdviceCreate",
        summary="Give the advice to the OM",
        description=(
            "The assigned worker or the coordinator advises the OM. It builds on an assessment a colleague "
            "confirmed (otherwise 409); a case has one advice."
        ),
        request=AdviceCreateSerializer,
        responses={
            201: OpenApiResponse(AdviceSerializer, description="The advice as given."),
            403: WRITE_403,
            409: OpenApiResponse(description="Already advised, no confirmed assessment, or the case is finished."),
        },
    )
    def post(self, request: Request, id: int) -> Response:
        werkplaats_case = casework_case_for(request, id)
        require_work_on(request, werkplaats_case)
        serializer = AdviceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        advice = services.advice_give(
            user=request.user,
            werkplaats_case_id=werkplaats_case.pk,
            data=serializer.to_input(),
            request_id=request_id_of(request),
        )
        return Response(AdviceSerializer(advice).data, status=status.HTTP_201_CREATED)


class AdviceAnswerView(APIView):
    @extend_schema(
        operation_id="werkplaatsAdviceAnswer",
        summary="The OM's answer to the advice",
        description=(
            "Whether the advice is adopted, partly or not follows from the decision the OM recorded on the case "
            "(409 until there is one); the OM gives the reason (required when not fully adopted) and may rate "
            "the usefulness 1–5. Send the advice's `version` you read: a stale one gives 409."
        ),
        request=AdviceAnswerSerializer,
        responses={
            200: OpenApiResponse(AdviceSerializer, description="The advice with the answer."),
            403: OpenApiResponse(description="Only an OM decider at the location answers the advice."),
            409: OpenApiResponse(description="Someone answered the advice in the meantime."),
        },
    )
    def post(self, request: Request, id: int) -> Response:
        werkplaats_case = advice_case_for(request, id)
        advice = selectors.advice_for(user=request.user, werkplaats_case=werkplaats_case)
        if advice is None:
            raise Http404
        if not request.user.has_perm("workplace.respond_to_advice", werkplaats_case):
            raise PermissionDenied(_("Only an OM decider at the case's location answers the advice."))
        serializer = AdviceAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answered = services.advice_respond(
            user=request.user,
            advice_id=advice.pk,
            response=serializer.validated_data["response"] or None,
            reason=serializer.validated_data["reason"],
            usefulness=serializer.validated_data["usefulness"],
            expected_version=serializer.validated_data["version"],
            request_id=request_id_of(request),
        )
        return Response(AdviceSerializer(answered).data)
