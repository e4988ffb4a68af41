from django.urls import path

from zsm.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("account/rol/", views.membership_switch, name="membership_switch"),
    path("account/tweestapsverificatie/instellen/", views.mfa_setup, name="mfa_setup"),
    path("account/tweestapsverificatie/", views.mfa_verify, name="mfa_verify"),
]
