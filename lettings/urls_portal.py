"""Public homes pages (anyone) and the applicant's bids (applicants only)."""

from django.urls import path

from lettings.views import portal, portal_offers, portal_results, portal_signups

urlpatterns = [
    path("homes/", portal.HomesView.as_view(), name="homes"),
    # Before homes/<reference>/, which would otherwise take "results" for an advert reference.
    path("homes/results/", portal_results.ResultsView.as_view(), name="results"),
    path("homes/<str:reference>/", portal.HomeDetailView.as_view(), name="home-detail"),
    path("homes/<str:reference>/photos/<str:token>/", portal.HomePhotoView.as_view(),
         name="home-photo"),
    path("homes/<str:reference>/bid/", portal.HomeBidView.as_view(), name="home-bid"),
    path("account/bids/", portal.BidsView.as_view(), name="portal-bids"),
    path("account/bids/preferences/", portal.BidPreferencesView.as_view(),
         name="portal-bid-preferences"),
    path("account/bids/<int:pk>/withdraw/", portal.BidWithdrawView.as_view(),
         name="portal-bid-withdraw"),
    path("account/offers/<int:pk>/", portal_offers.OfferView.as_view(), name="portal-offer"),
    path("account/offers/<int:pk>/accept/", portal_offers.OfferAcceptView.as_view(),
         name="portal-offer-accept"),
    path("account/offers/<int:pk>/refuse/", portal_offers.OfferRefuseView.as_view(),
         name="portal-offer-refuse"),
    # Signing the tenancy
    path("account/tenancy/", portal_signups.TenancyListView.as_view(), name="portal-tenancies"),
    path("account/tenancy/<int:pk>/", portal_signups.TenancyView.as_view(),
         name="portal-tenancy"),
    path("account/tenancy/<int:pk>/pack.pdf", portal_signups.TenancyPackView.as_view(),
         name="portal-tenancy-pack"),
    path("account/tenancy/<int:pk>/signed.pdf", portal_signups.TenancySignedCopyView.as_view(),
         name="portal-tenancy-signed"),
]
