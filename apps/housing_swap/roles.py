"""Permissions of each role for the housing-swap scheme (merged by ``sync_roles``)."""

from apps.accounts import roles

_VIEW = [
    "housing_swap.view_round",
    "housing_swap.view_newhomeproject",
    "housing_swap.view_application",
    "housing_swap.view_applicationevent",
    "housing_swap.view_householdmember",
    "housing_swap.view_applicationdocument",
    "housing_swap.view_voucher",
]

_REVIEW = [
    *_VIEW,
    "housing_swap.change_application",
    "housing_swap.transition_application",
    "housing_swap.assign_application",
    "housing_swap.view_document_file",
    "housing_swap.add_internalnote",
    "housing_swap.view_internalnote",
]

ROLE_PERMISSIONS = {
    roles.HOUSING_SWAP_REVIEWER: _REVIEW,
    roles.HOUSING_SWAP_ADMIN: [
        *_REVIEW,
        "housing_swap.add_round",
        "housing_swap.change_round",
        "housing_swap.add_newhomeproject",
        "housing_swap.change_newhomeproject",
        "housing_swap.change_voucher",
        "housing_swap.redeem_voucher",
        "housing_swap.void_voucher",
        "housing_swap.reveal_personal_data",
        "housing_swap.export_applications",
        "housing_swap.view_auditlog",
    ],
    roles.AUDITOR: [*_VIEW, "housing_swap.view_internalnote", "housing_swap.view_auditlog"],
    # issue 18 item 2: bulk access alerts reach the district admin's pending work and log
    roles.DISTRICT_ADMIN: ["housing_swap.view_auditlog"],
}
