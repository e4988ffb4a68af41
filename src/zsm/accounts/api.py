"""API: reference data about organisations, and who the caller is."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zsm.accounts.constants import OrganisationKind
from zsm.accounts.models import Membership, Organisation
from zsm.accounts.selectors import membership_list_for_user, organisation_list


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    organisation = OrganisationSerializer()
    location = serializers.CharField(source="location.name")

    class Meta:
        model = Membership
        fields = ["id", "role", "organisation", "location"]


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    display_name = serializers.CharField()
    memberships = MembershipSerializer(many=True)


class OrganisationFilterSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False, help_text="Only this kind.")


class OrganisationListView(generics.ListAPIView[Organisation]):
    """The partner organisations known to this system."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> Any:
        filters = OrganisationFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return organisation_list(user=self.request.user, kind=filters.validated_data.get("kind"))

    @extend_schema(
        operation_id="organisationList", summary="List organisations", parameters=[OrganisationFilterSerializer]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MeView(APIView):
    @extend_schema(operation_id="meRetrieve", summary="The calling user and their roles", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "username": user.get_username(),
            "display_name": getattr(user, "display_name", user.get_username()),
            "memberships": membership_list_for_user(user=user),
        }
        return Response(MeSerializer(data).data)
