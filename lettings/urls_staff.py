"""Lettings officer and manager pages (under /staff/)."""

from django.urls import path

from lettings.views import staff_adverts as adverts
from lettings.views import staff_bidding as bidding
from lettings.views import staff_direct_matches as direct_matches
from lettings.views import staff_shortlist as shortlist
from lettings.views import staff_signups as signups
from lettings.views import staff_stock as stock
from lettings.views import staff_viewings as viewings

PROPERTY = "staff/properties/<int:pk>/"
VOID = "staff/voids/<int:pk>/"
ADVERT = "staff/adverts/<int:pk>/"
SIGNUP = "staff/signups/<int:pk>/"

urlpatterns = [
    # Homes and photos
    path("staff/properties/", stock.PropertyListView.as_view(), name="staff-properties"),
    path("staff/properties/new/", stock.PropertyCreateView.as_view(), name="staff-property-new"),
    path("staff/properties/photos/<str:token>/", stock.PropertyPhotoView.as_view(),
         name="staff-property-photo"),
    path("staff/properties/photos/<str:token>/remove/", stock.PropertyPhotoRemoveView.as_view(),
         name="staff-property-photo-remove"),
    path(PROPERTY, stock.PropertyDetailView.as_view(), name="staff-property"),
    path(f"{PROPERTY}edit/", stock.PropertyEditView.as_view(), name="staff-property-edit"),
    path(f"{PROPERTY}photos/", stock.PropertyPhotosView.as_view(), name="staff-property-photos"),
    path(f"{PROPERTY}voids/new/", stock.VoidCreateView.as_view(), name="staff-void-new"),
    # Voids
    path("staff/voids/", stock.VoidListView.as_view(), name="staff-voids"),
    path(VOID, stock.VoidDetailView.as_view(), name="staff-void"),
    path(f"{VOID}dates/", stock.VoidDatesView.as_view(), name="staff-void-dates"),
    path(f"{VOID}status/", stock.VoidStatusView.as_view(), name="staff-void-status"),
    path(f"{VOID}advert/new/", adverts.AdvertCreateView.as_view(), name="staff-advert-new"),
    # Adverts
    path("staff/adverts/", adverts.AdvertListView.as_view(), name="staff-adverts"),
    path(ADVERT, adverts.AdvertDetailView.as_view(), name="staff-advert"),
    path(f"{ADVERT}edit/", adverts.AdvertEditView.as_view(), name="staff-advert-edit"),
    path(f"{ADVERT}approve/", adverts.AdvertApproveView.as_view(), name="staff-advert-approve"),
    path(f"{ADVERT}publish/", adverts.AdvertPublishView.as_view(), name="staff-advert-publish"),
    path(f"{ADVERT}withdraw/", adverts.AdvertWithdrawView.as_view(),
         name="staff-advert-withdraw"),
    path(f"{ADVERT}readvertise/", adverts.AdvertReadvertiseView.as_view(),
         name="staff-advert-readvertise"),
    # Bidding cycles
    path("staff/cycles/", adverts.CycleListView.as_view(), name="staff-cycles"),
    path("staff/cycles/<int:pk>/open/", adverts.CycleOpenView.as_view(), name="staff-cycle-open"),
    path("staff/cycles/<int:pk>/close/", adverts.CycleCloseView.as_view(),
         name="staff-cycle-close"),
    # Bidding on an applicant's behalf
    path("staff/applications/<str:reference>/bids/", bidding.ApplicationBidsView.as_view(),
         name="staff-application-bids"),
    path("staff/applications/<str:reference>/bids/auto-bid/", bidding.AutoBidView.as_view(),
         name="staff-application-auto-bid"),
    path("staff/bids/<int:pk>/withdraw/", bidding.BidWithdrawView.as_view(),
         name="staff-bid-withdraw"),
    # Shortlists and offers
    path(f"{ADVERT}shortlist/", shortlist.ShortlistView.as_view(), name="staff-shortlist"),
    path(f"{ADVERT}shortlist/viewings/", viewings.GroupViewingView.as_view(),
         name="staff-shortlist-viewing"),
    path("staff/viewings/<int:pk>/cancel/", viewings.ViewingCancelView.as_view(),
         name="staff-viewing-cancel"),
    path("staff/shortlist/<int:pk>/", shortlist.ShortlistEntryView.as_view(),
         name="staff-shortlist-entry"),
    path("staff/shortlist/<int:pk>/contact/", shortlist.ShortlistContactView.as_view(),
         name="staff-shortlist-contact"),
    path("staff/shortlist/<int:pk>/verify/", shortlist.ShortlistVerifyView.as_view(),
         name="staff-shortlist-verify"),
    path("staff/shortlist/<int:pk>/bypass/", shortlist.ShortlistBypassView.as_view(),
         name="staff-shortlist-bypass"),
    path("staff/shortlist/<int:pk>/debt-override/",
         shortlist.ShortlistDebtOverrideView.as_view(), name="staff-shortlist-debt-override"),
    path("staff/shortlist/<int:pk>/offer/", shortlist.ShortlistOfferView.as_view(),
         name="staff-shortlist-offer"),
    path("staff/offers/", shortlist.OfferListView.as_view(), name="staff-offers"),
    path("staff/offers/<int:pk>/", shortlist.OfferDetailView.as_view(), name="staff-offer"),
    path("staff/offers/<int:pk>/viewing/", shortlist.OfferViewingView.as_view(),
         name="staff-offer-viewing"),
    path("staff/offers/<int:pk>/accept/", shortlist.OfferAcceptView.as_view(),
         name="staff-offer-accept"),
    path("staff/offers/<int:pk>/refuse/", shortlist.OfferRefuseView.as_view(),
         name="staff-offer-refuse"),
    path("staff/offers/<int:pk>/assess/", shortlist.OfferAssessView.as_view(),
         name="staff-offer-assess"),
    path("staff/offers/<int:pk>/withdraw/", shortlist.OfferWithdrawView.as_view(),
         name="staff-offer-withdraw"),
    # Direct matches
    path("staff/direct-matches/", direct_matches.DirectMatchListView.as_view(),
         name="staff-direct-matches"),
    path("staff/direct-matches/new/", direct_matches.DirectMatchNewView.as_view(),
         name="staff-direct-match-new"),
    path("staff/direct-matches/<int:pk>/", direct_matches.DirectMatchDetailView.as_view(),
         name="staff-direct-match"),
    path("staff/direct-matches/<int:pk>/offer/", direct_matches.DirectMatchOfferView.as_view(),
         name="staff-direct-match-offer"),
    path("staff/direct-matches/<int:pk>/cancel/", direct_matches.DirectMatchCancelView.as_view(),
         name="staff-direct-match-cancel"),
    # Sign-ups and tenancies
    path("staff/offers/<int:pk>/signup/", signups.SignUpStartView.as_view(),
         name="staff-offer-signup"),
    path("staff/signups/", signups.SignUpListView.as_view(), name="staff-signups"),
    path(SIGNUP, signups.SignUpDetailView.as_view(), name="staff-signup"),
    path(f"{SIGNUP}checks/<str:code>/", signups.SignUpCheckView.as_view(),
         name="staff-signup-check"),
    path(f"{SIGNUP}terms/", signups.SignUpTermsView.as_view(), name="staff-signup-terms"),
    path(f"{SIGNUP}pack/", signups.PackMakeView.as_view(), name="staff-signup-pack-make"),
    path(f"{SIGNUP}pack/<int:version>.pdf", signups.PackPdfView.as_view(),
         name="staff-signup-pack"),
    path(f"{SIGNUP}sign/", signups.InPersonSignView.as_view(), name="staff-signup-sign"),
    path(f"{SIGNUP}reopen/", signups.ReopenView.as_view(), name="staff-signup-reopen"),
    path(f"{SIGNUP}countersign/", signups.CountersignView.as_view(),
         name="staff-signup-countersign"),
    path(f"{SIGNUP}signed.pdf", signups.SignedPdfView.as_view(),
         name="staff-signup-signed-pdf"),
    path("staff/tenancies/", signups.TenancyListView.as_view(), name="staff-tenancies"),
    path("staff/tenancies/<int:pk>/", signups.TenancyDetailView.as_view(),
         name="staff-tenancy"),
]
