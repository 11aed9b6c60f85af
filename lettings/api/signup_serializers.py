"""Output serializers for sign-ups and tenancies (``lettings.api.signups``).

The views build plain dictionaries (what each caller may see is decided there, from
``lettings.policies``); these serializers give them their documented shape. Fields only lettings
staff (or, for tenancies, the landlord's users) see are optional and left out for everyone else.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


def _money(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=9, decimal_places=2, **options)


class _OmitAbsent(serializers.Serializer):
    """Leaves out the optional fields the view did not put in (what this caller may not see),
    rather than showing them as empty."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if isinstance(instance, dict):
            for name, field in self.fields.items():
                if not field.required and name not in instance:
                    data.pop(name, None)
        return data


@extend_schema_serializer(component_name="SignUpHome")
class SignUpHomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    address = serializers.CharField()
    landlord = serializers.CharField(help_text="The landlord's name.")


@extend_schema_serializer(component_name="SignUpTenant")
class SignUpTenantSerializer(serializers.Serializer):
    """Someone who signs the tenancy: the lead tenant, then any joint tenants."""

    id = serializers.IntegerField(help_text="The household member's id (``member`` when "
                                            "signing).")
    name = serializers.CharField()
    role = serializers.CharField(help_text="lead or joint.")
    has_signed = serializers.BooleanField(help_text="Signed the current pack.")


@extend_schema_serializer(component_name="SignUpPack")
class SignUpPackSerializer(serializers.Serializer):
    """The current tenancy pack: the exact PDF to read, and its SHA-256 to send when signing."""

    version = serializers.IntegerField()
    sha256 = serializers.CharField(help_text="SHA-256 of the PDF exactly as stored.")
    pages = serializers.IntegerField(allow_null=True)
    pdf_url = serializers.CharField()
    created_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="SignUpSignature")
class SignUpSignatureSerializer(_OmitAbsent):
    """A signature on the current pack. ``ip_address`` and ``user_agent`` are shown to lettings
    staff only."""

    role = serializers.CharField(help_text="tenant or landlord (the counter-signature).")
    member = serializers.IntegerField(allow_null=True, help_text="The tenant who signed.")
    name = serializers.CharField(help_text="The name typed as the signature.")
    method = serializers.CharField(help_text="online or in_person.")
    signed_at = serializers.DateTimeField()
    pdf_sha256 = serializers.CharField(help_text="SHA-256 of the PDF signed.")
    ip_address = serializers.CharField(required=False, allow_null=True)
    user_agent = serializers.CharField(required=False)


@extend_schema_serializer(component_name="SignUpSignedCopy")
class SignUpSignedCopySerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    pdf_url = serializers.CharField()
    countersigned_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="SignUpCheck")
class SignUpCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="to_do, done or not_needed.")
    outcome = serializers.CharField()
    details = serializers.DictField()  # type: ignore[assignment]
    may_be_not_needed = serializers.BooleanField()
    done_by = serializers.CharField(allow_null=True, help_text="Who recorded it.")
    done_at = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(component_name="SignUpAffordability")
class SignUpAffordabilitySerializer(serializers.Serializer):
    """Weekly figures, what the rule worked out, and why (lettings staff only)."""

    earnings = _money()
    universal_credit = _money()
    housing_support = _money()
    other_benefits = _money()
    other_income = _money()
    council_tax = _money()
    utilities = _money()
    food_and_household = _money()
    travel = _money()
    childcare = _money()
    debt_repayments = _money()
    other_outgoings = _money()
    evidence_seen = serializers.CharField()
    evidence_inconclusive = serializers.BooleanField()
    rent_and_charges = _money()
    total_income = _money()
    total_outgoings = _money()
    residual = _money()
    shortfall = _money()
    result = serializers.CharField(help_text="affordable, affordable_with_advice or "
                                             "not_affordable.")
    result_display = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    referrals = serializers.ListField(child=serializers.CharField())
    assessed_by = serializers.CharField()
    assessed_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="SignUpListItem")
class SignUpListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="checks, ready_to_sign, tenant_signed, signed or "
                                             "cancelled.")
    status_display = serializers.CharField()
    offer = serializers.IntegerField()
    application = serializers.CharField(help_text="The application's reference.")
    property = SignUpHomeSerializer()
    start_date = serializers.DateField(allow_null=True)
    tenancy_type = serializers.CharField()
    created_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="SignUp")
class SignUpSerializer(_OmitAbsent):
    """A sign-up: the tenancy's terms and type (with the reasons), who signs, the current pack
    and its signatures, and the signed copy once counter-signed. ``checks``, ``outstanding`` and
    ``affordability`` are the officer's working notes: lettings staff only."""

    id = serializers.IntegerField()
    status = serializers.CharField(help_text="checks, ready_to_sign, tenant_signed, signed or "
                                             "cancelled.")
    status_display = serializers.CharField()
    offer = serializers.IntegerField()
    application = serializers.CharField(help_text="The application's reference.")
    property = SignUpHomeSerializer()
    start_date = serializers.DateField(allow_null=True)
    rent_period = serializers.CharField(help_text="weekly, fortnightly, four_weekly or monthly.")
    weekly_rent = _money(allow_null=True)
    service_charge = _money(allow_null=True)
    support_charge = _money()
    weekly_total = _money()
    additional_conditions = serializers.CharField()
    tenancy_type = serializers.CharField(help_text="introductory, secure, flexible, starter, "
                                                   "assured, non_secure or licence.")
    tenancy_type_display = serializers.CharField()
    converts_to = serializers.CharField()
    probation_months = serializers.IntegerField(allow_null=True)
    fixed_term_years = serializers.IntegerField(allow_null=True)
    tenancy_reasons = serializers.ListField(child=serializers.CharField())
    tenants = SignUpTenantSerializer(many=True)
    current_pack = SignUpPackSerializer(allow_null=True)
    signatures = SignUpSignatureSerializer(many=True)
    signed_copy = SignUpSignedCopySerializer(allow_null=True)
    tenancy = serializers.IntegerField(allow_null=True, help_text="The tenancy, once signed.")
    cancelled_reason = serializers.CharField()
    checks = SignUpCheckSerializer(many=True, required=False)
    outstanding = serializers.ListField(child=serializers.CharField(), required=False,
                                        help_text="Required checks still to do, by title.")
    affordability = SignUpAffordabilitySerializer(required=False)


@extend_schema_serializer(component_name="Tenancy")
class TenancySerializer(_OmitAbsent):
    """A tenancy that started through a sign-up. Void days, rent loss and the CORE lettings log
    record are shown to lettings staff and the home's landlord only."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField(help_text="active or ended.")
    signup = serializers.IntegerField()
    offer = serializers.IntegerField()
    application = serializers.CharField(help_text="The application's reference.")
    property = SignUpHomeSerializer()
    tenancy_type = serializers.CharField()
    tenancy_type_display = serializers.CharField()
    converts_to = serializers.CharField()
    start_date = serializers.DateField()
    probation_end_date = serializers.DateField(allow_null=True)
    fixed_term_end_date = serializers.DateField(allow_null=True)
    tenants = serializers.ListField(child=serializers.CharField())
    is_joint = serializers.BooleanField()
    weekly_rent = _money()
    service_charge = _money()
    support_charge = _money()
    rent_period = serializers.CharField()
    void_days = serializers.IntegerField(required=False, allow_null=True)
    rent_loss = _money(required=False, allow_null=True)
    core_status = serializers.CharField(required=False, help_text="complete or incomplete.")
    core_missing = serializers.ListField(child=serializers.CharField(), required=False)
    core_log = serializers.DictField(required=False)  # type: ignore[assignment]
