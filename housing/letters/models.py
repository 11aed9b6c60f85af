"""Letters: templates and every letter sent, with the exact text and PDF (DOMAIN.md §3.18, §6)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from housing.core.models import TimeStampedModel


class LetterTemplate(TimeStampedModel):
    """A kind of letter. The wording is a Django template file (``template_name``); bump
    ``version`` whenever the wording changes so each letter records the wording it used."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    template_name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    contains_review_rights = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Letter(TimeStampedModel):
    """One letter to one person. The HTML is stored exactly as rendered; the PDF is produced
    once, in the background, and delivered once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERED = "rendered", "PDF ready"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Channel(models.TextChoices):
        EMAIL_AND_PORTAL = "email_portal", "Email and online account"
        PORTAL = "portal", "Online account only"
        POST = "post", "Post"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    template_version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="letters")
    recipient_name = models.CharField(max_length=200)
    recipient_email = models.EmailField(blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices,
                               default=Channel.EMAIL_AND_PORTAL)
    # What the letter is about (an application, an offer …): a generic link because letters sit
    # below the domain apps (dependencies point one way: applications -> housing).
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True,
                                     blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    context = models.JSONField(default=dict, blank=True)
    html = models.TextField()
    pdf = models.FileField(upload_to="letters/%Y/%m/", blank=True)
    pdf_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    contains_review_rights = models.BooleanField(default=False)
    rendered_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    history = HistoricalRecords(excluded_fields=["html", "context"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["recipient", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(name="letter_sent_has_pdf",
                                   condition=~Q(status="sent") | ~Q(pdf="")),
        ]

    def __str__(self) -> str:
        return f"{self.title} to {self.recipient_name}"
