"""API: the social map (institutions and their services) and referrals, scoped like the pages.

Who sees what (socialmap/rules.py, DESIGN §4):
- the social map: every role that works with cases (not the privacy officer, 403); the werkplaats team and
  functional administrators add and correct entries;
- referrals are werkplaats casework: the werkplaats team and probation at the location read them; the
  assigned worker and the coordinator create, send and move them. Others who see the ZSM case (the OM,
  police, Slachtofferhulp) get 403 on a referral; who does not see the case at all gets 404.

Thin views (DESIGN §3): fetch through a selector, check the rule, validate with a serializer, call one
service, render. A service's refusal becomes a 400 problem naming the fields as the client wrote them
(`contactPersons[0].email`), a conflict a 409. Every read of a referral writes an access event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zsm.audit.constants import Action, Purpose
from zsm.audit.services import access_record
from zsm.common.exceptions import ApplicationError
from zsm.common.middleware import request_id_of
from zsm.socialmap import selectors, services
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.models import Institution, Referral, Service
from zsm.socialmap.serializers import (
    InstitutionCorrectSerializer,
    InstitutionDetailSerializer,
    InstitutionFilterSerializer,
    InstitutionSummarySerializer,
    InstitutionWriteSerializer,
    ReferralCreateSerializer,
    ReferralDetailSerializer,
    ReferralFilterSerializer,
    ReferralMoveSerializer,
    ReferralSerializer,
    ServiceFilterSerializer,
    ServiceWithInstitutionSerializer,
    VersionSerializer,
)
from zsm.workplace import selectors as workplace_selectors
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.rules import sees_casework_here

MAP_403 = OpenApiResponse(description="The privacy officer does not use the social map.")
MAINTAIN_403 = OpenApiResponse(description="Only the werkplaats team and functional administrators maintain the map.")
INSTITUTION_409 = OpenApiResponse(description="Someone else changed the institution first (stale `version`).")
REFERRALS_403 = OpenApiResponse(description="Referrals are werkplaats casework: the team and probation read them.")
REFER_403 = OpenApiResponse(description="Only the assigned worker or the coordinator handles the case's referrals.")
REFERRAL_409 = OpenApiResponse(
    description="Stale `version`, a step the referral's status does not allow, or the case is finished."
)


def _client_name(name: str) -> str:
    """A service's field name as the client wrote it: `contacts.0.email` → `contactPersons[0].email`."""
    name = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", name)
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), name)


@contextmanager
def client_names(renamed: Mapping[str, str] | None = None) -> Iterator[None]:
    """Name a refusal's fields as the API's body does (the services use their own, snake_case names)."""
    try:
        yield
    except ApplicationError as error:
        fields: dict[str, list[str]] = {}
        for name, messages in error.field_errors.items():
            head, dot, tail = name.partition(".")
            client = _client_name((renamed or {}).get(head, head) + dot + tail)
            fields.setdefault(client, []).extend(messages)
        error.field_errors = fields
        raise


def _query(request: Request, *names: str) -> dict[str, str]:
    """The given query parameters (lowerCamelCase on the wire) under their snake_case serializer names."""
    return {
        re.sub(r"([A-Z])", lambda match: "_" + match.group(1).lower(), name): request.query_params[name]
        for name in names
        if name in request.query_params
    }


# --- The social map ----------------------------------------------------------------------------------------


def require_map(request: Request) -> None:
    if not request.user.has_perm("socialmap.view_map"):
        raise PermissionDenied(_("The social map is for the roles that work with cases."))


def require_maintainer(request: Request) -> None:
    if not request.user.has_perm("socialmap.maintain_map"):
        raise PermissionDenied(_("Only the werkplaats team and functional administrators maintain the social map."))


def _detail(request: Request, institution: Institution, *, status_code: int = status.HTTP_200_OK) -> Response:
    institution = selectors.institution_get(user=request.user, institution_id=institution.pk)
    figures = selectors.institution_stats(user=request.user, institution_ids=[institution.pk])
    data = InstitutionDetailSerializer(institution, context={"figures": figures[0] if figures else None}).data
    headers = {}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = request.build_absolute_uri(
            reverse("api-institution-detail", kwargs={"id": institution.pk})
        )
    return Response(data, status=status_code, headers=headers)


class InstitutionCollectionView(generics.ListAPIView[Institution]):
    serializer_class = InstitutionSummarySerializer

    def get_queryset(self) -> Any:
        filters = InstitutionFilterSerializer(data=_query(self.request, "q", "place"))
        filters.is_valid(raise_exception=True)
        text = filters.validated_data.get("q", "").strip()
        place = filters.validated_data.get("place", "").strip()
        self.matching: dict[int, list[Service]] | None = None
        if not text and not place:
            return selectors.institution_list(user=self.request.user)
        hits = selectors.institution_search(user=self.request.user, text=text, place=place)
        self.matching = {hit.institution.pk: hit.services for hit in hits}
        return [hit.institution for hit in hits]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "matching": getattr(self, "matching", None)}

    @extend_schema(
        operation_id="institutionList",
        summary="List or search the social map",
        description=(
            "Without filters: every institution by name. With `q` (a need, or a word in a service's or "
            "institution's name) and/or `place` (a postcode or a municipality): active institutions with a "
            "matching active service that serve the place, best area fit first (at most 25); `services` are then "
            "the matching ones and `fit` the width of the narrowest served postcode range holding the place."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="A need, or a word in a service or institution name."),
            OpenApiParameter("place", OpenApiTypes.STR, description="A postcode (3521 AB, 3521) or a municipality."),
        ],
        responses={200: InstitutionSummarySerializer(many=True), 403: MAP_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_map(request)
        return self.list(request, *args, **kwargs)

    @extend_schema(
        operation_id="institutionCreate",
        summary="Add an institution to the social map",
        description="With its services (at least one), areas served (at least one) and contact persons. "
        "Adding an entry verifies it: `verifiedOn` is today.",
        request=InstitutionWriteSerializer,
        responses={
            201: OpenApiResponse(InstitutionDetailSerializer, description="Added."),
            403: MAINTAIN_403,
        },
        parameters=[
            OpenApiParameter(
                "Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=[201], description="The new entry."
            )
        ],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_maintainer(request)
        serializer = InstitutionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with client_names({"contacts": "contact_persons"}):
            institution = services.institution_save(
                user=request.user, data=serializer.to_input(), request_id=request_id_of(request)
            )
        return _detail(request, institution, status_code=status.HTTP_201_CREATED)


class InstitutionDetailView(APIView):
    @extend_schema(
        operation_id="institutionRetrieve",
        summary="One institution",
        description=(
            "With its services, areas served, contact persons, when it was last verified, and figures over the "
            "referrals sent to it (no case content)."
        ),
        responses={200: InstitutionDetailSerializer, 403: MAP_403},
    )
    def get(self, request: Request, id: int) -> Response:
        require_map(request)
        return _detail(request, selectors.institution_get(user=request.user, institution_id=id))

    @extend_schema(
        operation_id="institutionUpdate",
        summary="Correct an institution",
        description=(
            "The whole entry: nested items with an `id` are kept and corrected, items without one added, items "
            "left out removed. Send the `version` you read; a stale one gives 409. Correcting verifies the entry."
        ),
        request=InstitutionCorrectSerializer,
        responses={200: InstitutionDetailSerializer, 403: MAINTAIN_403, 409: INSTITUTION_409},
    )
    def put(self, request: Request, id: int) -> Response:
        require_map(request)
        institution = selectors.institution_get(user=request.user, institution_id=id)
        require_maintainer(request)
        serializer = InstitutionCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with client_names({"contacts": "contact_persons"}):
            saved = services.institution_save(
                user=request.user,
                data=serializer.to_input(),
                institution_id=institution.pk,
                expected_version=serializer.validated_data["version"],
                request_id=request_id_of(request),
            )
        return _detail(request, saved)


class InstitutionVerificationView(APIView):
    @extend_schema(
        operation_id="institutionVerify",
        summary="Confirm an institution is still correct",
        description="Sets `verifiedOn` to today. Send the `version` you read; a stale one gives 409.",
        request=VersionSerializer,
        responses={
            200: OpenApiResponse(InstitutionDetailSerializer, description="The institution as verified."),
            403: MAINTAIN_403,
            409: INSTITUTION_409,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        require_map(request)
        institution = selectors.institution_get(user=request.user, institution_id=id)
        require_maintainer(request)
        serializer = VersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with client_names():
            verified = services.institution_verify(
                user=request.user,
                institution_id=institution.pk,
                expected_version=serializer.validated_data["version"],
                request_id=request_id_of(request),
            )
        return _detail(request, verified)


class ServiceCollectionView(generics.ListAPIView[Service]):
    serializer_class = ServiceWithInstitutionSerializer

    def get_queryset(self) -> Any:
        filters = ServiceFilterSerializer(data=_query(self.request, "need"))
        filters.is_valid(raise_exception=True)
        return selectors.service_list(user=self.request.user, need=filters.validated_data.get("need", ""))

    @extend_schema(
        operation_id="serviceList",
        summary="List the services on the social map",
        description="Active services of active institutions, by need, with their institution.",
        parameters=[ServiceFilterSerializer],
        responses={200: ServiceWithInstitutionSerializer(many=True), 403: MAP_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_map(request)
        return self.list(request, *args, **kwargs)


# --- Referrals ------------------------------------------------------------------------------------------


def require_casework(request: Request) -> None:
    """Who sees no werkplaats casework at their location (the OM, police, administrators, …) gets 403."""
    if not sees_casework_here(request.user):
        raise PermissionDenied(_("Referrals are werkplaats casework, for the werkplaats team and probation."))


def referral_for(request: Request, referral_id: int) -> Referral:
    """A referral the caller may see. 404 when its ZSM case is not visible to the caller; 403 when it is but
    the casework is not for them (the OM, police, Slachtofferhulp)."""
    case_id = selectors.referral_werkplaats_case_id(referral_id=referral_id)
    if case_id is None:
        raise Http404
    werkplaats_case = workplace_selectors.werkplaats_case_for_advice(user=request.user, werkplaats_case_id=case_id)
    if not request.user.has_perm("socialmap.view_referrals", werkplaats_case):
        raise PermissionDenied(_("Referrals are werkplaats casework, for the werkplaats team and probation."))
    return selectors.referral_get(user=request.user, referral_id=referral_id)


def require_refer(request: Request, werkplaats_case: WerkplaatsCase) -> None:
    if not request.user.has_perm("socialmap.refer", werkplaats_case):
        raise PermissionDenied(_("Only the assigned worker or the coordinator handles this case's referrals."))


def referral_detail(request: Request, referral_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    """The referral as the caller may see it now, with its status changes and links; an access event."""
    referral = referral_for(request, referral_id)
    access_record(
        request=request._request,
        event="referral.viewed",
        obj=referral,
        person_id=referral.werkplaats_case.case.suspect_id,
        purpose=Purpose.WERKPLAATS_CASEWORK,
    )
    data = ReferralDetailSerializer(referral).data
    headers = {}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = request.build_absolute_uri(reverse("api-referral-detail", kwargs={"id": referral.pk}))
    return Response(data, status=status_code, headers=headers)


class ReferralCollectionView(generics.ListAPIView[Referral]):
    serializer_class = ReferralSerializer

    def get_queryset(self) -> Any:
        filters = ReferralFilterSerializer(data=_query(self.request, "werkplaatsCase", "status"))
        filters.is_valid(raise_exception=True)
        referrals = selectors.referral_list(user=self.request.user)
        if case_id := filters.validated_data.get("werkplaats_case"):
            referrals = referrals.filter(werkplaats_case_id=case_id)
        if status_filter := filters.validated_data.get("status"):
            referrals = referrals.filter(status=status_filter)
        return referrals

    @extend_schema(
        operation_id="referralList",
        summary="List referrals",
        description="The referrals of the werkplaats cases at the caller's location, newest first.",
        parameters=[
            OpenApiParameter("werkplaatsCase", OpenApiTypes.INT, description="Only this werkplaats case's referrals."),
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=ReferralStatus.values, description="Only referrals in this status."
            ),
        ],
        responses={200: ReferralSerializer(many=True), 403: REFERRALS_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_casework(request)
        response = self.list(request, *args, **kwargs)
        results = response.data.get("results", []) if isinstance(response.data, dict) else []
        shown = getattr(getattr(self.paginator, "page", None), "object_list", [])
        access_record(
            request=request._request,
            event="referral.listed",
            action=Action.SEARCH,
            object_type="socialmap.referral",
            purpose=Purpose.WERKPLAATS_CASEWORK,
            details={
                "filters": {
                    key: request.query_params[key]
                    for key in ("werkplaatsCase", "status")
                    if key in request.query_params
                },
                "results": len(results),
                "referrals": [item["id"] for item in results],
                "werkplaats_cases": sorted({item["werkplaats_case"] for item in results}),
                # The clients these referrals are for: the privacy officer's person search finds the list.
                "persons": sorted({referral.werkplaats_case.case.suspect_id for referral in shown}),
            },
        )
        return response

    @extend_schema(
        operation_id="referralCreate",
        summary="Draft a referral",
        description=(
            "The assigned worker or the coordinator drafts a referral to an institution of the social map; "
            "nothing leaves the system until it is sent. Offence details can be shared only on a recorded legal "
            "basis."
        ),
        request=ReferralCreateSerializer,
        responses={
            201: OpenApiResponse(ReferralDetailSerializer, description="The draft."),
            403: REFER_403,
            409: OpenApiResponse(description="The werkplaats case is not open for casework."),
        },
        parameters=[
            OpenApiParameter(
                "Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=[201], description="The new referral."
            )
        ],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_casework(request)
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_id = serializer.validated_data["werkplaats_case"]
        try:
            werkplaats_case = workplace_selectors.werkplaats_case_get(user=request.user, werkplaats_case_id=case_id)
        except Http404:
            raise ValidationError({"werkplaats_case": [_("No werkplaats case of yours has this id.")]}) from None
        require_refer(request, werkplaats_case)
        with client_names():
            referral = services.referral_create(
                user=request.user,
                werkplaats_case_id=werkplaats_case.pk,
                data=serializer.to_input(),
                request_id=request_id_of(request),
            )
        return referral_detail(request, referral.pk, status_code=status.HTTP_201_CREATED)


class ReferralDetailView(APIView):
    @extend_schema(
        operation_id="referralRetrieve",
        summary="One referral",
        description=(
            "With every status change (when, from what to what, by whom) and the acknowledgement links sent: to "
            "whom, when, until when, used or revoked. A link's token is never shown."
        ),
        responses={200: ReferralDetailSerializer, 403: REFERRALS_403},
    )
    def get(self, request: Request, id: int) -> Response:
        return referral_detail(request, id)


class ReferralSendingView(APIView):
    @extend_schema(
        operation_id="referralSend",
        summary="Send a draft referral",
        description=(
            "The institution's referral contact gets a single-use, expiring link by e-mail. Needs a recorded legal "
            "basis (else 400, `legalBasis`). Send the `version` you read; a stale one gives 409."
        ),
        request=VersionSerializer,
        responses={
            200: OpenApiResponse(ReferralDetailSerializer, description="The referral as sent."),
            403: REFER_403,
            409: REFERRAL_409,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        referral = referral_for(request, id)
        require_refer(request, referral.werkplaats_case)
        serializer = VersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with client_names():
            services.referral_send(
                user=request.user,
                referral_id=referral.pk,
                expected_version=serializer.validated_data["version"],
                request_id=request_id_of(request),
            )
        return referral_detail(request, referral.pk)


class ReferralTransitionCollectionView(APIView):
    @extend_schema(
        operation_id="referralMove",
        summary="Record a step of a referral",
        description=(
            "A step the worker learnt of: acknowledged, intake planned (with `intakeOn`), started, completed, "
            "declined (with a `reason`), no response or withdrawn. Steps the status does not allow give 409, as "
            "does a stale `version`."
        ),
        request=ReferralMoveSerializer,
        responses={
            200: OpenApiResponse(ReferralDetailSerializer, description="The referral after the step."),
            403: REFER_403,
            409: REFERRAL_409,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        referral = referral_for(request, id)
        require_refer(request, referral.werkplaats_case)
        serializer = ReferralMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with client_names():
            services.referral_move(
                user=request.user,
                referral_id=referral.pk,
                target=data["target"],
                expected_version=data["version"],
                note=data["note"],
                reason=data["reason"],
                intake_on=data["intake_on"],
                request_id=request_id_of(request),
            )
        return referral_detail(request, referral.pk)
