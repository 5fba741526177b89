"""Event kinds the domains publish. Message templates live in
``apps/notices/templates/notices/messages/<kind>/`` (subject.txt, body.txt, sms.txt); a kind
without its own templates uses ``messages/default/``."""

PROJECT_PROGRESS = "project.progress"
APPLICATION_STATUS = "housing_swap.application_status"
APPLICATION_DOCUMENTS_REQUESTED = "housing_swap.documents_requested"
APPLICATION_REVIEW_REMINDER = "housing_swap.review_reminder"
# News about a facility a resident follows (apps.places.news; issue 20): it closes temporarily,
# its hours change, a part of it has been out of order for long.
FACILITY_CLOSED = "facility.closed"
FACILITY_HOURS = "facility.hours"
FACILITY_OUT_OF_ORDER = "facility.out_of_order"

# Published by the notices app itself: one per digest period, one digest notice per user
# and channel, carrying the notices held for that digest.
DIGEST = "notices.digest"
