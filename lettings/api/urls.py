"""Lettings API (``/api/v1/``; namespace ``api``): adverts, bids, properties, voids, cycles."""

from django.urls import path

from lettings.api import adverts, bids, cycles, offers, shortlists, stock

urlpatterns: list = [
    path("adverts/", adverts.AdvertListApi.as_view(), name="advert-list"),
    path("adverts/<int:pk>/", adverts.AdvertDetailApi.as_view(), name="advert-detail"),
    path("bids/", bids.BidListCreateApi.as_view(), name="bid-list"),
    path("bids/<int:pk>/", bids.BidDetailApi.as_view(), name="bid-detail"),
    path("properties/", stock.PropertyListCreateApi.as_view(), name="property-list"),
    path("properties/<int:pk>/", stock.PropertyDetailApi.as_view(), name="property-detail"),
    path("voids/", stock.VoidListCreateApi.as_view(), name="void-list"),
    path("voids/<int:pk>/", stock.VoidDetailApi.as_view(), name="void-detail"),
    path("voids/<int:pk>/transition/", stock.VoidTransitionApi.as_view(),
         name="void-transition"),
    path("cycles/", cycles.CycleListApi.as_view(), name="cycle-list"),
    path("cycles/<int:pk>/", cycles.CycleDetailApi.as_view(), name="cycle-detail"),
    path("adverts/<int:pk>/shortlist/", shortlists.ShortlistApi.as_view(),
         name="advert-shortlist"),
    path("shortlist-entries/<int:pk>/bypass/", shortlists.EntryBypassApi.as_view(),
         name="shortlist-entry-bypass"),
    path("shortlist-entries/<int:pk>/verify/", shortlists.EntryVerifyApi.as_view(),
         name="shortlist-entry-verify"),
    path("shortlist-entries/<int:pk>/contact/", shortlists.EntryContactApi.as_view(),
         name="shortlist-entry-contact"),
    path("shortlist-entries/<int:pk>/offer/", shortlists.EntryOfferApi.as_view(),
         name="shortlist-entry-offer"),
    path("offers/", offers.OfferListApi.as_view(), name="offer-list"),
    path("offers/<int:pk>/", offers.OfferDetailApi.as_view(), name="offer-detail"),
    path("offers/<int:pk>/accept/", offers.OfferAcceptApi.as_view(), name="offer-accept"),
    path("offers/<int:pk>/refuse/", offers.OfferRefuseApi.as_view(), name="offer-refuse"),
    path("offers/<int:pk>/assess/", offers.OfferAssessApi.as_view(), name="offer-assess"),
    path("offers/<int:pk>/withdraw/", offers.OfferWithdrawApi.as_view(), name="offer-withdraw"),
    path("offers/<int:pk>/viewing/", offers.OfferViewingApi.as_view(), name="offer-viewing"),
]
