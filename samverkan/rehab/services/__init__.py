"""Writes for rehabilitation coordination: each one a transaction that records its audit entry.

The rules of law are in :mod:`samverkan.domain.rehab`; these services gather the facts from the
database, ask the rules, and store nothing when a rule says no (a ``ValidationError`` whose
messages are the rules' Swedish explanations, each with its statute).

- :mod:`.coordination`: the coordination case, needs mapping, consent per actor, vård's own status;
- :mod:`.plan`: the rehabilitation plan's measures, follow-ups and the plan made with the person;
- :mod:`.meetings`: avstämningsmöten and the actions agreed at them;
- :mod:`.reminders`: follow-up reminders to the responsible official;
- :mod:`.common`: the audit entry and the checks every write shares.
"""

from samverkan.rehab.services.coordination import (
    care_coordination_status_set,
    coordination_open,
    coordination_update,
    needs_map,
    rehab_consent_register,
    rehab_consent_withdraw,
)
from samverkan.rehab.services.meetings import (
    agreed_action_add,
    agreed_action_to_measure,
    meeting_add_participant,
    meeting_book,
    meeting_cancel,
    meeting_confirm_checklist,
    meeting_record_minutes,
    meeting_remove_participant,
    meeting_request,
)
from samverkan.rehab.services.plan import measure_add, measure_follow_up, measure_update, plan_agree
from samverkan.rehab.services.reminders import follow_up_reminder_create, follow_up_reminder_dismiss

__all__ = [
    "agreed_action_add",
    "agreed_action_to_measure",
    "care_coordination_status_set",
    "coordination_open",
    "coordination_update",
    "follow_up_reminder_create",
    "follow_up_reminder_dismiss",
    "measure_add",
    "measure_follow_up",
    "measure_update",
    "meeting_add_participant",
    "meeting_book",
    "meeting_cancel",
    "meeting_confirm_checklist",
    "meeting_record_minutes",
    "meeting_remove_participant",
    "meeting_request",
    "needs_map",
    "plan_agree",
    "rehab_consent_register",
    "rehab_consent_withdraw",
]
