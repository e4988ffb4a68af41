"""API: the OM's disposal decision on a ZSM case."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zsm.cases.selectors import case_get
from zsm.decisions import services
from zsm.decisions.caps import decision_warnings
from zsm.decisions.serializers import DecisionCreatedSerializer, DecisionCreateSerializer


class DecisionCreateView(APIView):
    @extend_schema(
        operation_id="decisionCreate",
        summary="Record the OM's decision",
        description=(
            "The OM decides on a case at its own location. The legal caps (e.g. at most 180 hours of "
            "community service) are checked; a refused decision is not stored and `invalidParams` names "
            "each field. Send the case `version` you read to be told (409) when the case changed."
        ),
        request=DecisionCreateSerializer,
        responses={
            201: OpenApiResponse(
                DecisionCreatedSerializer,
                description="The decision as stored, with `warnings` for what to look at again (e.g. an "
                "appointment on a weekend or public holiday).",
            ),
            204: OpenApiResponse(
                description=(
                    "A technical dismissal with code 01 (wrongly treated as a suspect): the case and its "
                    "personal data were removed with it, so nothing is left to return."
                )
            ),
            403: OpenApiResponse(description="Only the OM decides."),
            409: OpenApiResponse(description="The case was already decided or changed in the meantime."),
        },
    )
    def post(self, request: Request, id: int) -> Response:
        if not request.user.has_perm("cases.view_board"):
            raise PermissionDenied
        case = case_get(user=request.user, case_id=id)
        if not request.user.has_perm("cases.decide_case", case):
            raise PermissionDenied(_("Only the OM decides on a case at its own location."))
        serializer = DecisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_input()
        decision = services.decision_record(
            user=request.user,
            case_id=case.pk,
            data=data,
            expected_version=serializer.validated_data["version"],
            request_id=getattr(request, "request_id", ""),
        )
        if services.removes_case_data(data):
            return Response(status=status.HTTP_204_NO_CONTENT)
        warnings = [
            (name, reason) for name, reasons in decision_warnings(data.for_its_disposal()).items() for reason in reasons
        ]
        body = DecisionCreatedSerializer(decision, context={"warnings": warnings}).data
        return Response(body, status=status.HTTP_201_CREATED)
