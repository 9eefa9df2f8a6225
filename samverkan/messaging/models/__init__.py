"""Communication between the organisations (docs/domain.md §8; seeds 000 and 004).

- :class:`AdminQuestion` and :class:`AdminAnswer`: the administrative question (Webcert's
  fråga/svar) between vård and Försäkringskassan, and between socialtjänsten and FK or AF, about
  a case. Routed by the receiving unit's routine (:class:`RoutingRule`), answered within at most
  7 days (:mod:`samverkan.domain.deadlines`), reminded (:class:`AnswerReminder`) and escalated
  (:class:`Escalation`) once; :class:`Notification` is the in-app notice.
- :class:`SentEmail` and :class:`BlockedEmail`: e-mail only for general questions, contact
  requests and meeting confirmations; the guard (:mod:`samverkan.domain.pii`) blocks personal
  data, and a blocked attempt is logged without the personal data.
- :class:`Absence`: absence with a stand-in, named in the automatic reply.
- :class:`ContactAssignment`: Försäkringskassan's contact person for a vårdcentral, and
  :class:`TermMeeting`: their meeting with the vårdcentral once a term (seed 004).
- :class:`Callback`: a call-back request between named officials ("återkoppling görs snarast",
  seed 004), due the next working day, reminded once when overdue (:class:`CallbackReminder`).

**Never shown in the person's portal** (:data:`HIDDEN_FROM_PERSON`): seed 004 says the dialogue
between FK and vården "syns ej i Mina Intyg på 1177.se. För att patienten ska få insyn i den
dialogen behöver den gå in och läsa i sin journal." The portal must use
:func:`samverkan.messaging.selectors.admin_questions_visible_to_person`, which returns nothing.

The models live in :mod:`.questions` and :mod:`.contacts`; every one is importable from here.

No logic lives in ``save()``: every write is a service in :mod:`samverkan.messaging.services`.
"""

from samverkan.messaging.models.questions import (
    HIDDEN_FROM_PERSON,
    AdminAnswer,
    AdminQuestion,
    AnswerReminder,
    Escalation,
    Notification,
    RoutingRule,
    Topic,
)

# isort: split
# Registered in the order of the former single module (questions first), so the app's model order is unchanged.
from samverkan.messaging.models.contacts import (
    Absence,
    BlockedEmail,
    Callback,
    CallbackReminder,
    ContactAssignment,
    EmailKind,
    SentEmail,
    TermMeeting,
    TermMeetingReminderSent,
)

__all__ = [
    "HIDDEN_FROM_PERSON",
    "Absence",
    "AdminAnswer",
    "AdminQuestion",
    "AnswerReminder",
    "BlockedEmail",
    "Callback",
    "CallbackReminder",
    "ContactAssignment",
    "EmailKind",
    "Escalation",
    "Notification",
    "RoutingRule",
    "SentEmail",
    "TermMeeting",
    "TermMeetingReminderSent",
    "Topic",
]
