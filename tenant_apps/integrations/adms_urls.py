"""ZKTeco ADMS push endpoint, mounted at /iclock/ on an agency's host only (the public host has
no such path). The firmware asks for these paths without a trailing slash."""

from django.urls import path

from tenant_apps.integrations import adms

urlpatterns = [
    path("cdata", adms.cdata_view, name="adms-cdata"),
    path("getrequest", adms.getrequest_view, name="adms-getrequest"),
    path("devicecmd", adms.devicecmd_view, name="adms-devicecmd"),
]
