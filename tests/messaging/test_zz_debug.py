import pytest
from django.conf import settings
pytestmark = pytest.mark.django_db
def test_dbg(world):
    from samverkan.messaging.tasks import follow_up_question
    print("BACKEND", follow_up_question.get_backend(), settings.TASKS)
    r = follow_up_question.enqueue(999999)
    print("STATUS", r.status, r.errors)
