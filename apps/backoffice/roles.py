"""Bulk import/export permissions per role (merged by ``apps.accounts.roles.sync_roles``).

Export needs the model's ``view`` permission (as the change list does) plus
``backoffice.export_data``: bulk copies leave the system, so a role may browse a list
without being allowed to take it away. Import needs ``backoffice.import_data`` plus the
model's add (new rows) or change (existing rows) permission. Exports mask personal data
unless the user holds ``housing_swap.reveal_personal_data`` and asks for it with a reason."""

from apps.accounts import roles

ROLE_PERMISSIONS = {
    roles.DISTRICT_ADMIN: ["backoffice.import_data", "backoffice.export_data", "backoffice.view_bulkjob"],
    roles.OFFICIAL: ["backoffice.import_data", "backoffice.export_data", "backoffice.view_bulkjob"],
    roles.AUDITOR: ["backoffice.export_data", "backoffice.view_bulkjob"],
    roles.HOUSING_SWAP_ADMIN: ["backoffice.export_data", "backoffice.view_bulkjob"],
}
