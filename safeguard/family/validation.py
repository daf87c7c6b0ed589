"""What a person is told when a family write is refused, written once: the service raises these, and
the web form shows the same words before the service is asked, so the pages and the API never disagree."""

CONCERN_REQUIRED = "Describe your concern for the front door"
EXPECTED_BIRTH_REQUIRED = "Enter the expected date of birth"
FLAG_BASIS_REQUIRED = "Select the basis for the flag"
FLAG_END_REASON_REQUIRED = "Say why the flag is ending"
FLAG_EVIDENCE_REQUIRED = "Describe the evidence for the flag (a conviction, an order, a MAPPA referral)"
FLAG_REVIEW_ON_REQUIRED = "Enter the date the flag is to be reviewed"
GP_PRACTICE_REQUIRED = "Select the mother's GP practice"
LINK_STRENGTH_REQUIRED = "Select how strong or stressful the link is"
REFERRAL_NEEDED_REQUIRED = "Select whether a safeguarding referral is needed"
REFERRAL_REASON_REQUIRED = "Say why a referral is or is not needed"
VULNERABILITY_REQUIRED = "Select at least one additional vulnerability"
