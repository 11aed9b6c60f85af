from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from housing.core.forms import GovukForm, GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.CharField(label="Email address or username", max_length=254,
                               widget=forms.TextInput(attrs={"autocomplete": "username",
                                                             "spellcheck": "false"}))
    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))

    error_messages = {
        "invalid_login": "Enter a correct email address or username and password. Passwords "
                         "are case-sensitive.",
        "inactive": "This account cannot be used. Contact the housing team.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = (
            "Enter your email address or username")
        self.fields["password"].error_messages["required"] = "Enter your password"


class RegisterForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150,
                                 error_messages={"required": "Enter your first name"},
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label="Last name", max_length=150,
                                error_messages={"required": "Enter your last name"},
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="We will send you a link to confirm it.",
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like "
                                   "name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Create a password", strip=False,
        help_text="At least 10 characters. Do not use a password you use elsewhere.",
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class TwoFactorForm(GovukForm):
    token = forms.CharField(
        label="Code from your authenticator app", max_length=8,
        error_messages={"required": "Enter the 6-digit code shown in your app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "class": "govuk-input--width-5"}),
    )
