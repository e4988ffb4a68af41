import rules

from zsm.accounts.rules import is_privacy_officer, second_factor_verified

rules.add_perm("audit.view_access_log", is_privacy_officer & second_factor_verified)
# Subject access (inzage): request, follow and download a person's export.
rules.add_perm("audit.subject_access", is_privacy_officer & second_factor_verified)
# Retention: see the policies and the purge log, start a dry run and apply it.
rules.add_perm("audit.retention", is_privacy_officer & second_factor_verified)
