from django.urls import include, path

app_name = "workplace"

# Three groups of pages, each with its own module: the team's day and coordination, the casework on
# one werkplaats case, and the OM's answer to an advice.
urlpatterns = [
    path("", include("zsm.workplace.urls_team")),
    path("", include("zsm.workplace.urls_casework")),
    path("", include("zsm.workplace.urls_om")),
]
