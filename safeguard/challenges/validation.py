"""What a person is told when a professional challenge is refused, written once (the service raises
these; the input definitions in `challenges.inputs`, which the pages' forms and the API's request
bodies are made from, say the same)."""

CONCERN_REQUIRED = "Say what you disagree with and why"
OWNER_REQUIRED = "Choose who the challenge is to"
CHILD_REQUIRED = "Choose the child the challenge is about"
OUTCOME_REQUIRED = "Record the outcome of this stage and the reasons for it"
RESOLVED_REQUIRED = "Choose whether the challenge is resolved"
WITHDRAW_REASON_REQUIRED = "Say why the challenge is withdrawn"

MIN_CONCERN = 10  # shorter than this is not yet a reason
MIN_OUTCOME = 10
