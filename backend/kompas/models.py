"""Every table model, so SQLModel's metadata is complete for Alembic and the tests, and the
listeners every session needs (the audit recorder, the cleanup of joint work).

It lives at the top of the ladder, beside main.py: it is the one place that knows every domain,
which no lower layer may (docs/decisions/0011-import-ladder.md).
"""

from kompas.agenda import models as agenda_models
from kompas.audit import models as audit_models
from kompas.audit import recorder as audit_recorder
from kompas.auth import models as auth_models
from kompas.commitments import models as commitment_models
from kompas.compass import models as compass_models
from kompas.core import dataversion, idempotency, ratelimit
from kompas.events import models as event_models
from kompas.experiences import models as experience_models
from kompas.joint import cleanup as joint_cleanup
from kompas.joint import models as joint_models
from kompas.meetings import models as meeting_models
from kompas.organisations import models as organisation_models
from kompas.parties import models as party_models
from kompas.questions import models as question_models
from kompas.reflection import models as reflection_models
from kompas.rolemaps import models as rolemap_models
from kompas.successes import models as success_models
from kompas.tokens import models as token_models
from kompas.users import models as user_models
from kompas.webhooks import models as webhook_models

ALL = (
    agenda_models,
    joint_cleanup,
    joint_models,
    meeting_models,
    question_models,
    reflection_models,
    success_models,
    experience_models,
    audit_models,
    audit_recorder,
    auth_models,
    commitment_models,
    compass_models,
    dataversion,
    idempotency,
    ratelimit,
    organisation_models,
    party_models,
    rolemap_models,
    token_models,
    user_models,
    event_models,
    webhook_models,
)
