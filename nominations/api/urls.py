"""Nominations API (``/api/v1/nominations/…``; namespace ``api``)."""

from django.urls import path

from nominations.api import nominations

urlpatterns: list = [
    path("nominations/", nominations.NominationListApi.as_view(), name="nomination-list"),
    path("nominations/vacancies/", nominations.VacancyListCreateApi.as_view(),
         name="nomination-vacancy-list"),
    path("nominations/<int:pk>/", nominations.NominationDetailApi.as_view(),
         name="nomination-detail"),
    path("nominations/<int:pk>/review/", nominations.NominationReviewApi.as_view(),
         name="nomination-review"),
    path("nominations/<int:pk>/accept/", nominations.NominationAcceptApi.as_view(),
         name="nomination-accept"),
    path("nominations/<int:pk>/reject/", nominations.NominationRejectApi.as_view(),
         name="nomination-reject"),
    path("nominations/<int:pk>/challenge/", nominations.NominationChallengeApi.as_view(),
         name="nomination-challenge"),
    path("nominations/<int:pk>/outcome/", nominations.NominationOutcomeApi.as_view(),
         name="nomination-outcome"),
]
