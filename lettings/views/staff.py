"""Lettings officer and manager pages (under /staff/), split by subject:

- ``staff_stock``: homes, photos and voids;
- ``staff_adverts``: adverts (draft, approve, publish, withdraw, re-advertise) and cycles;
- ``staff_bidding``: an applicant's bids, bidding on their behalf and automatic bidding.

The names are re-exported here so ``lettings.views.staff.AdvertListView`` and the like keep
working.
"""

from __future__ import annotations

from lettings.views.staff_adverts import (
    AdvertApproveView,
    AdvertCreateView,
    AdvertDetailView,
    AdvertEditView,
    AdvertListView,
    AdvertPublishView,
    AdvertReadvertiseView,
    AdvertWithdrawView,
    CycleCloseView,
    CycleListView,
    CycleOpenView,
)
from lettings.views.staff_base import LettingsStaffRequiredMixin
from lettings.views.staff_bidding import ApplicationBidsView, AutoBidView, BidWithdrawView
from lettings.views.staff_stock import (
    PropertyCreateView,
    PropertyDetailView,
    PropertyEditView,
    PropertyListView,
    PropertyPhotoRemoveView,
    PropertyPhotosView,
    PropertyPhotoView,
    VoidCreateView,
    VoidDatesView,
    VoidDetailView,
    VoidListView,
    VoidStatusView,
)

__all__ = [
    "AdvertApproveView", "AdvertCreateView", "AdvertDetailView", "AdvertEditView",
    "AdvertListView", "AdvertPublishView", "AdvertReadvertiseView", "AdvertWithdrawView",
    "ApplicationBidsView", "AutoBidView", "BidWithdrawView", "CycleCloseView", "CycleListView",
    "CycleOpenView", "LettingsStaffRequiredMixin", "PropertyCreateView", "PropertyDetailView",
    "PropertyEditView", "PropertyListView", "PropertyPhotoRemoveView", "PropertyPhotoView",
    "PropertyPhotosView", "VoidCreateView", "VoidDatesView", "VoidDetailView", "VoidListView",
    "VoidStatusView",
]
