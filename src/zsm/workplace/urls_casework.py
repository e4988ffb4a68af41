"""Werkplaats URLs: casework pages (included by workplace/urls.py into the "workplace" namespace)."""

from django.urls import URLPattern, path

from zsm.workplace.views import casework

CASE = "zaken/<int:werkplaats_case_id>/"

urlpatterns: list[URLPattern] = [
    path(CASE, casework.case, name="case"),
    path(f"{CASE}contacten/", casework.contact_log, name="contact_log"),
    path(f"{CASE}contacten/<int:contact_id>/opnieuw/", casework.contact_again, name="contact_again"),
    path(f"{CASE}hulp/", casework.help_add, name="help_add"),
    path(f"{CASE}hulp/<int:involvement_id>/", casework.help_edit, name="help_edit"),
    path(f"{CASE}risc-light/", casework.assessment_create, name="assessment_create"),
    path("beoordelingen/<int:assessment_id>/", casework.assessment_review, name="assessment_review"),
    path(f"{CASE}advies/", casework.advice_give, name="advice_give"),
    path(f"{CASE}hulpplan/", casework.help_action_plan, name="help_action_plan"),
    path(f"{CASE}hulpplan/<int:action_id>/status/", casework.help_action_status, name="help_action_status"),
    path(f"{CASE}controles/", casework.check_plan, name="check_plan"),
    path(f"{CASE}controles/<int:check_id>/", casework.check_record, name="check_record"),
    path(f"{CASE}gesprekken/", casework.conversation_record, name="conversation_record"),
    path(f"{CASE}tijd/", casework.time_entry_record, name="time_entry_record"),
    path(f"{CASE}bijzondere-notities/", casework.special_note_record, name="special_note_record"),
    path(f"{CASE}afsluiten/", casework.case_close, name="case_close"),
    path(f"{CASE}overdragen/", casework.case_hand_over, name="case_hand_over"),
    path(f"{CASE}samenvatting/", casework.summary, name="summary"),
    path(f"{CASE}samenvatting.pdf", casework.summary_download, name="summary_pdf"),
]
