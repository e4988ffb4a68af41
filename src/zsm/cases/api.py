"""API: registering ZSM cases (police systems), reading them, and recording a partner's screening.

Thin views (DESIGN §3): fetch through a selector (404 when not visible), check the rule,
validate with a serializer, call one service, render.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zsm.audit.constants import Action
from zsm.audit.services import access_record, shown_ids
from zsm.cases import selectors, services
from zsm.cases.models import Case
from zsm.cases.serializers import (
    CaseCreatedSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseSummarySerializer,
    ScreeningInputSerializer,
    ScreeningSerializer,
)

CONFLICT = OpenApiResponse(description="Someone else changed it first, or the case is past this step.")


def require_board(request: Request) -> None:
    """Users without a place at the ZSM table (administrators, privacy officers) see no cases at all."""
    if not request.user.has_perm("cases.view_board"):
        raise PermissionDenied


def case_for(request: Request, case_id: int) -> Case:
    """A case the caller may see, or 404; 403 for a user who sees no cases at all."""
    require_board(request)
    return selectors.case_get(user=request.user, case_id=case_id)


class CaseCollectionView(generics.ListAPIView[Case]):
    """The ZSM cases at the caller's location (the Raad: minors' cases only)."""

    serializer_class = CaseSummarySerializer

    def get_queryset(self) -> Any:
        filters = CaseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        cases = selectors.case_queryset(user=self.request.user)
        if status_filter := filters.validated_data.get("status"):
            cases = cases.filter(status=status_filter)
        if location := filters.validated_data.get("location"):
            cases = cases.filter(location__code=location)
        return (
            cases.select_related("suspect", "location")
            .prefetch_related("offences", "decisions")
            .order_by(F("holding_deadline").asc(nulls_last=True), "pk")
        )

    @extend_schema(
        operation_id="caseList",
        summary="List cases",
        description="Cases the caller may see, soonest holding deadline first. Victims are not part of a list item.",
        parameters=[CaseFilterSerializer],
        responses={200: CaseSummarySerializer(many=True)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_board(request)
        response = self.list(request, *args, **kwargs)
        access_record(
            request=request._request,
            event="case.listed",
            action=Action.SEARCH,
            object_type="cases.case",
            details={
                "filters": {
                    key: request.query_params[key] for key in ("status", "location") if key in request.query_params
                },
                "results": len(response.data.get("results", [])) if isinstance(response.data, dict) else 0,
                # The page's cases and their suspects: "who saw this person" must find list reads too.
                **shown_ids(getattr(getattr(self.paginator, "page", None), "object_list", [])),
            },
        )
        return response

    @extend_schema(
        operation_id="caseCreate",
        summary="Register a case",
        description=(
            "A police system registers a fresh arrest at the caller's ZSM location. Times need their UTC offset. "
            "The answer gives the holding deadline, computed from the holding order."
        ),
        request=CaseCreateSerializer,
        responses={
            201: OpenApiResponse(CaseCreatedSerializer, description="Registered."),
            400: OpenApiResponse(description="Invalid input."),
            403: OpenApiResponse(description="Only the police register cases."),
        },
        parameters=[
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                OpenApiParameter.HEADER,
                response=[201],
                description="The new case.",
            )
        ],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.has_perm("cases.register_case"):
            raise PermissionDenied
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.case_register(
            user=request.user, data=serializer.to_input(), request_id=getattr(request, "request_id", "")
        )
        location = request.build_absolute_uri(reverse("api-case-detail", kwargs={"id": case.pk}))
        return Response(
            CaseCreatedSerializer(case).data, status=status.HTTP_201_CREATED, headers={"Location": location}
        )


class CaseDetailView(APIView):
    @extend_schema(
        operation_id="caseRetrieve",
        summary="One case",
        description=(
            "The case with its offences, the partners' screenings (content only where the caller may see it), "
            "the victims (contact details only where the caller may see them) and the latest decision."
        ),
        responses={200: CaseDetailSerializer},
    )
    def get(self, request: Request, id: int) -> Response:
        case = case_for(request, id)
        access_record(request=request._request, event="case.viewed", obj=case, person_id=case.suspect_id)
        context = {
            "screenings": selectors.screenings_for(user=request.user, case=case),
            "victims": selectors.victims_for(user=request.user, case=case),
        }
        return Response(CaseDetailSerializer(case, context=context).data)


class ScreeningCreateView(APIView):
    @extend_schema(
        operation_id="screeningCreate",
        summary="Record your screening",
        description=(
            "Records the screening of the caller's partner organisation on this case. Send the `version` "
            "you read to be told (409) when someone else changed it in the meantime."
        ),
        request=ScreeningInputSerializer,
        responses={
            200: OpenApiResponse(ScreeningSerializer, description="The screening as stored."),
            403: OpenApiResponse(description="The caller's organisation has no screening on this case."),
            409: CONFLICT,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        case = case_for(request, id)
        if not request.user.has_perm("cases.record_screening", case):
            raise PermissionDenied(_("Your organisation has no screening on this case."))
        serializer = ScreeningInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = services.screening_record(
            user=request.user,
            case_id=case.pk,
            data=serializer.to_input(),
            expected_version=serializer.validated_data["version"],
            request_id=getattr(request, "request_id", ""),
        )
        return Response(ScreeningSerializer(selectors.ScreeningView(screening, content_visible=True)).data)
