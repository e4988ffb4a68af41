"""Referral URLs: on a werkplaats case, the referral's own page and steps, and the institution's public
acknowledgement page behind its link (no account needed: the token is the key)."""

from django.urls import URLPattern, path

from zsm.socialmap.views import link, referrals

urlpatterns: list[URLPattern] = [
    path("verwijzen/<int:werkplaats_case_id>/", referrals.referral_search, name="referral_search"),
    path("verwijzen/<int:werkplaats_case_id>/nieuw/", referrals.referral_create, name="referral_create"),
    path("verwijzingen/<int:referral_id>/", referrals.referral, name="referral"),
    path("verwijzingen/<int:referral_id>/wijzigen/", referrals.referral_edit, name="referral_edit"),
    path("verwijzingen/<int:referral_id>/versturen/", referrals.referral_send, name="referral_send"),
    path("verwijzingen/<int:referral_id>/nieuwe-link/", referrals.referral_resend, name="referral_resend"),
    path("verwijzingen/<int:referral_id>/nagebeld/", referrals.referral_chase, name="referral_chase"),
    path("verwijzingen/<int:referral_id>/stap/", referrals.referral_move, name="referral_move"),
    # Public: the institution answers without an account.
    path("verwijzing/<str:token>/", link.acknowledge, name="acknowledge"),
]
