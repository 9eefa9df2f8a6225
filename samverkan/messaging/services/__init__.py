"""Writes for communication. Each one is a transaction; each disclosure records its audit entry in it.

- :mod:`.questions` and :mod:`.answers`: administrative questions (seed 004, docs/domain.md §8), sent, answered
  (also by Försäkringskassan's contact person), closed; :mod:`.follow_ups`: reminded and escalated once each.
- :mod:`.emails` and :mod:`.absences`: e-mail through the personal-data guard ("Personuppgifter får inte mejlas"),
  absence with a stand-in named in the automatic reply.
- :mod:`.directory`: the units' routines, FK's contact persons and the responsible official at another agency.
- :mod:`.callbacks`: call-back requests, due the next working day, reminded once.
- :mod:`.term_meetings`: the contact person's meeting with each vårdcentral once a term.
- :mod:`.common`: what they share (the checked text, notices, the consent registered with a message).

The names below are the package's interface: ``from samverkan.messaging.services import X``.
"""

from samverkan.messaging.services.absences import absence_cancel, absence_register
from samverkan.messaging.services.answers import admin_question_answer, contact_question_assess
from samverkan.messaging.services.callbacks import (
    callback_done,
    callback_remind,
    callback_reminders_due,
    callback_reminders_send,
    callback_request,
)
from samverkan.messaging.services.directory import (
    contact_assignment_set,
    person_for_lookup,
    responsible_officials_lookup,
    routing_rule_set,
)
from samverkan.messaging.services.emails import email_send
from samverkan.messaging.services.follow_ups import (
    answer_reminders_send,
    escalations_due,
    overdue_questions_escalate,
    question_escalate,
    question_remind,
    reminders_due,
)
from samverkan.messaging.services.questions import admin_question_close, admin_question_send, notification_mark_read
from samverkan.messaging.services.term_meetings import (
    term_meeting_book,
    term_meeting_held,
    term_meeting_reminders_send,
)

__all__ = [
    "absence_cancel",
    "absence_register",
    "admin_question_answer",
    "admin_question_close",
    "admin_question_send",
    "answer_reminders_send",
    "callback_done",
    "callback_remind",
    "callback_reminders_due",
    "callback_reminders_send",
    "callback_request",
    "contact_assignment_set",
    "contact_question_assess",
    "email_send",
    "escalations_due",
    "notification_mark_read",
    "overdue_questions_escalate",
    "person_for_lookup",
    "question_escalate",
    "question_remind",
    "reminders_due",
    "responsible_officials_lookup",
    "routing_rule_set",
    "term_meeting_book",
    "term_meeting_held",
    "term_meeting_reminders_send",
]
