"""Lettings API (``/api/v1/``; namespace ``api``): adverts, bids, properties, voids, cycles."""

from django.urls import path

from lettings.api import adverts, bids, cycles, stock

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
]
