"""What a person is told when a professional challenge is refused, written once (the service raises
these; the pages' forms and the API's request bodies say the same)."""

CONCERN_REQUIRED = "Say what you disagree with and why"
OWNER_REQUIRED = "Choose who the challenge is to"
