"""Properties, voids, cycles, adverts, bids and shortlists (DOMAIN.md §3.8–3.12)."""

from lettings.models.adverts import Advert, BiddingCycle
from lettings.models.bidding import (
    AdvertAlertSent,
    Bid,
    BiddingPreference,
    ShortlistEntry,
    Viewing,
)
from lettings.models.direct_matches import DirectMatch
from lettings.models.offers import LIVE_OFFER_STATUSES, Offer
from lettings.models.results import LettingResult
from lettings.models.signups import (
    AffordabilityAssessment,
    RentPeriod,
    SignUp,
    SignUpCheck,
    Tenancy,
    TenancyPack,
    TenancySignature,
    TenancyType,
)
from lettings.models.stock import (
    NEEDS_MET_BY_CATEGORY,
    LocalLettingsPlan,
    MobilityCategory,
    Property,
    PropertyPhoto,
    Void,
)

__all__ = [
    "LIVE_OFFER_STATUSES",
    "NEEDS_MET_BY_CATEGORY",
    "Advert",
    "AdvertAlertSent",
    "AffordabilityAssessment",
    "Bid",
    "BiddingCycle",
    "BiddingPreference",
    "DirectMatch",
    "LettingResult",
    "LocalLettingsPlan",
    "MobilityCategory",
    "Offer",
    "Property",
    "PropertyPhoto",
    "RentPeriod",
    "ShortlistEntry",
    "SignUp",
    "SignUpCheck",
    "Tenancy",
    "TenancyPack",
    "TenancySignature",
    "TenancyType",
    "Viewing",
    "Void",
]
