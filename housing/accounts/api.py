"""API: token sign-in and "who am I"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from housing.accounts import policies
from housing.core.exceptions import ApplicationError


class TokenCreateApi(APIView):
    """Public. Exchange a username and password for an API token (``Authorization: Token …``).

    Staff accounts must also send ``otp`` (the authenticator code) when two-factor sign-in is on.
    Repeated failures lock the account out for a while, as on the sign-in page.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema_serializer(component_name="TokenRequest")
    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=254)
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        otp = serializers.CharField(max_length=8, required=False, allow_blank=True)

    @extend_schema_serializer(component_name="Token")
    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request._request, username=data.validated_data["username"],
                            password=data.validated_data["password"])
        if user is None or not user.is_active:
            raise ApplicationError("Unable to sign in with the details given.",
                                   {"non_field_errors": ["Enter a correct username and "
                                                         "password."]})
        if policies.has_role(user, "applicant") and user.email_verified_at is None:
            raise ApplicationError("Confirm your email address first.",
                                   {"non_field_errors": ["Confirm your email address first."]})
        if settings.STAFF_TWO_FACTOR_REQUIRED and policies.can_use_staff_surface(user):
            code = (data.validated_data.get("otp") or "").strip()
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None or not code or not device.verify_token(code):
                raise ApplicationError("An authenticator code is required for staff accounts.",
                                       {"otp": ["Enter the 6-digit code from your app."]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)


class MeApi(APIView):
    """Any signed-in person: their own account and role."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="Me")
    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        name = serializers.CharField(source="get_full_name")
        email = serializers.EmailField()
        role = serializers.CharField()
        organisation = serializers.CharField(source="organisation.code", allow_null=True,
                                             default=None)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(request.user).data)
