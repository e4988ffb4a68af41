"""API: the signal register of the caller's location, and the institutions that are candidates for a signal.

Who (meetings/rules.py, DESIGN §4): the werkplaats team and the OM at the location read the register; the
werkplaats team keeps it. Everyone else gets 403; a signal of another location is 404.

Thin views (DESIGN §3): fetch through a selector, check the rule, validate with a serializer, call one
service, render. A service's refusal becomes a 400 problem naming the fields as the client wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zsm.common.api import camel
from zsm.common.exceptions import ApplicationError
from zsm.common.middleware import request_id_of
from zsm.meetings import selectors, services
from zsm.meetings.models import Signal
from zsm.meetings.serializers import (
    SignalCandidateSerializer,
    SignalCreateSerializer,
    SignalFilterSerializer,
    SignalMoveSerializer,
    SignalSerializer,
    SignalUpdateSerializer,
)

READ_403 = OpenApiResponse(description="The signal register is for the werkplaats team and the OM at the location.")
KEEP_403 = OpenApiResponse(description="Only the werkplaats team keeps the signal register.")
SIGNAL_409 = OpenApiResponse(description="Stale `version`, or a step the signal's status does not allow.")
# The services' names for what the API's body calls otherwise.
CLIENT_NAMES = {"cases": "werkplaatsCases", "status": "target"}


@contextmanager
def client_names(renamed: Mapping[str, str] = CLIENT_NAMES) -> Iterator[None]:
    try:
        yield
    except ApplicationError as error:
        error.field_errors = {renamed.get(name, camel(name)): messages for name, messages in error.field_errors.items()}
        raise


def require_read(request: Request) -> None:
    if not request.user.has_perm("meetings.view_signals"):
        raise PermissionDenied(_("The signal register is for the werkplaats team and the OM at the location."))


def require_keep(request: Request) -> None:
    if not request.user.has_perm("meetings.keep_signals"):
        raise PermissionDenied(_("Only the werkplaats team keeps the signal register."))


def _signal(request: Request, signal: Signal, *, status_code: int = status.HTTP_200_OK) -> Response:
    fresh = selectors.signal_get(user=request.user, signal_id=signal.pk)
    headers = {}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = request.build_absolute_uri(reverse("api-signal-detail", kwargs={"id": fresh.pk}))
    return Response(SignalSerializer(fresh).data, status=status_code, headers=headers)


class SignalCollectionView(generics.ListAPIView[Signal]):
    serializer_class = SignalSerializer

    def get_queryset(self) -> Any:
        filters = SignalFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.signal_list(user=self.request.user, status=filters.validated_data.get("status"))

    @extend_schema(
        operation_id="signalList",
        summary="List the signals of the location",
        description="Newest first.",
        parameters=[SignalFilterSerializer],
        responses={200: SignalSerializer(many=True), 403: READ_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_read(request)
        return self.list(request, *args, **kwargs)

    @extend_schema(
        operation_id="signalCreate",
        summary="Raise a signal",
        description=(
            "About an area or municipality (name it in `subject`) or an organisation (an `institution` of the "
            "social map, or named in `subject`), with the werkplaats cases of the location that show it."
        ),
        request=SignalCreateSerializer,
        responses={201: OpenApiResponse(SignalSerializer, description="Raised."), 403: KEEP_403},
        parameters=[
            OpenApiParameter(
                "Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=[201], description="The new signal."
            )
        ],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_keep(request)
        serializer = SignalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with client_names():
            signal = services.signal_create(
                user=request.user,
                data=serializer.to_input(from_candidate=serializer.validated_data["from_candidate"]),
                request_id=request_id_of(request),
            )
        return _signal(request, signal, status_code=status.HTTP_201_CREATED)


class SignalDetailView(APIView):
    @extend_schema(
        operation_id="signalRetrieve",
        summary="One signal",
        responses={200: SignalSerializer, 403: READ_403},
    )
    def get(self, request: Request, id: int) -> Response:
        require_read(request)
        return Response(SignalSerializer(selectors.signal_get(user=request.user, signal_id=id)).data)

    @extend_schema(
        operation_id="signalUpdate",
        summary="Change a signal",
        description=(
            "What it says, its owner, action and cases; its status moves through …/transitions. Send the "
            "`version` you read; a stale one gives 409."
        ),
        request=SignalUpdateSerializer,
        responses={200: SignalSerializer, 403: KEEP_403, 409: SIGNAL_409},
    )
    def put(self, request: Request, id: int) -> Response:
        require_read(request)
        signal = selectors.signal_get(user=request.user, signal_id=id)
        require_keep(request)
        serializer = SignalUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with client_names():
            updated = services.signal_update(
                user=request.user,
                signal_id=signal.pk,
                data=serializer.to_input(from_candidate=signal.from_candidate),
                expected_version=serializer.validated_data["version"],
                request_id=request_id_of(request),
            )
        return _signal(request, updated)


class SignalTransitionCollectionView(APIView):
    @extend_schema(
        operation_id="signalMove",
        summary="Move a signal on",
        description=(
            "open → raised (the `note` or the signal's action says where and by whom) → resolved (the `note` says "
            "what became of it); an open signal can also be resolved directly."
        ),
        request=SignalMoveSerializer,
        responses={
            200: OpenApiResponse(SignalSerializer, description="The signal after the step."),
            403: KEEP_403,
            409: SIGNAL_409,
        },
    )
    def post(self, request: Request, id: int) -> Response:
        require_read(request)
        signal = selectors.signal_get(user=request.user, signal_id=id)
        require_keep(request)
        serializer = SignalMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with client_names():
            moved = services.signal_move(
                user=request.user,
                signal_id=signal.pk,
                target=serializer.validated_data["target"],
                expected_version=serializer.validated_data["version"],
                note=serializer.validated_data["note"],
                request_id=request_id_of(request),
            )
        return _signal(request, moved)


class SignalCandidateCollectionView(generics.ListAPIView[Any]):
    serializer_class = SignalCandidateSerializer

    def get_queryset(self) -> Any:
        return selectors.signal_candidates(user=self.request.user)

    @extend_schema(
        operation_id="signalCandidateList",
        summary="List institutions that are candidates for a signal",
        description=(
            "Institutions with three or more declined or unanswered referrals from the location in 90 days, "
            "without an open or raised signal about them yet. Only casework readers see candidates."
        ),
        responses={200: SignalCandidateSerializer(many=True), 403: READ_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_read(request)
        return self.list(request, *args, **kwargs)
