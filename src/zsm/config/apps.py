from django.contrib.admin.apps import AdminConfig


class ZsmAdminConfig(AdminConfig):
    default_site = "zsm.accounts.admin_site.ZsmAdminSite"
