"""Forms for the protection pages, one module per thing they are about. They check shape; services
check the rules of the domain. Every form is re-exported here, so `protection.forms.X` keeps working."""

from safeguard.protection.forms.actions import (  # noqa: F401
    ActionRowsMixin,
    action_rows_requested,
    owner_choices,
)
from safeguard.protection.forms.casework import (  # noqa: F401
    AllocationForm,
    Section47Form,
    SignificantEventForm,
)
from safeguard.protection.forms.challenges import (  # noqa: F401
    ChallengeResponseForm,
    RaiseChallengeForm,
    ReconveneDecisionForm,
    ReconveneRequestForm,
)
from safeguard.protection.forms.common import (  # noqa: F401
    DATE_HELP,
    DEFAULT_ACTION_ROWS,
    MAX_ACTION_ROWS,
    TIME_FORMATS,
    YES_NO,
    MeetingTimeField,
    _yes_no_bool,
    add_service_errors,
)
from safeguard.protection.forms.conferences import (  # noqa: F401
    RecordConferenceForm,
    ScheduleConferenceForm,
)
from safeguard.protection.forms.core_groups import (  # noqa: F401
    CoreGroupForm,
    RecordCoreGroupForm,
    ScheduleCoreGroupForm,
)
from safeguard.protection.forms.meetings import (  # noqa: F401
    MeetingArrangementsForm,
    MeetingCancelForm,
    MeetingRescheduleForm,
    RemoveInviteeForm,
)
from safeguard.protection.forms.plans import (  # noqa: F401
    AgreementForm,
    PlanOutcomeForm,
    VisitForm,
)
from safeguard.protection.forms.strategy_discussions import (  # noqa: F401
    RecordDiscussionForm,
    SiblingDecisionForm,
)
