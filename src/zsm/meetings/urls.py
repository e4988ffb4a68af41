from django.urls import URLPattern, path

from zsm.meetings import views

app_name = "meetings"

urlpatterns: list[URLPattern] = [
    path("", views.signal_list, name="signal_list"),
    path("nieuw/", views.signal_create, name="signal_create"),
    path("<int:signal_id>/", views.signal_detail, name="signal"),
    path("<int:signal_id>/wijzigen/", views.signal_edit, name="signal_edit"),
    path("<int:signal_id>/status/", views.signal_move, name="signal_move"),
]
