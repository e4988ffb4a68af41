from django.urls import include, path

app_name = "socialmap"

# Two groups of pages, each with its own module: the map itself (search, institutions, upkeep, CSV), and
# referrals (on a werkplaats case, and the institution's acknowledgement page behind its link).
urlpatterns = [
    path("", include("zsm.socialmap.urls_map")),
    path("", include("zsm.socialmap.urls_referrals")),
]
