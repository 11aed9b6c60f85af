"""The partner portal surface (namespace ``partners``): registered provider users only."""

from django.urls import path

from nominations.views import partners, partners_nominations, partners_vacancies

app_name = "partners"

urlpatterns = [
    path("partners/", partners.PartnerHomeView.as_view(), name="home"),
    path("partners/vacancies/", partners_vacancies.VacancyListView.as_view(),
         name="vacancies"),
    path("partners/vacancies/new/", partners_vacancies.VacancyNewView.as_view(),
         name="vacancy-new"),
    path("partners/vacancies/<int:pk>/", partners_vacancies.VacancyDetailView.as_view(),
         name="vacancy"),
    path("partners/nominations/", partners_nominations.NominationListView.as_view(),
         name="nominations"),
    path("partners/nominations/export.csv", partners_nominations.NominationExportView.as_view(),
         name="nominations-export"),
    path("partners/nominations/<int:pk>/", partners_nominations.NominationDetailView.as_view(),
         name="nomination"),
    path("partners/nominations/<int:pk>/accept/", partners_nominations.AcceptView.as_view(),
         name="nomination-accept"),
    path("partners/nominations/<int:pk>/reject/", partners_nominations.RejectView.as_view(),
         name="nomination-reject"),
    path("partners/nominations/<int:pk>/challenge/",
         partners_nominations.ChallengeView.as_view(), name="nomination-challenge"),
    path("partners/nominations/<int:pk>/viewing/", partners_nominations.ViewingView.as_view(),
         name="nomination-viewing"),
    path("partners/nominations/<int:pk>/offer/", partners_nominations.OfferView.as_view(),
         name="nomination-offer"),
    path("partners/nominations/<int:pk>/acceptance/",
         partners_nominations.AcceptanceView.as_view(), name="nomination-acceptance"),
    path("partners/nominations/<int:pk>/let/", partners_nominations.LetView.as_view(),
         name="nomination-let"),
    path("partners/nominations/<int:pk>/withdraw/", partners_nominations.WithdrawView.as_view(),
         name="nomination-withdraw"),
]
