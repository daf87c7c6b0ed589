"""What a person is told when a family write is refused, written once: the service raises these, and
the web form shows the same words before the service is asked, so the pages and the API never disagree."""

from safeguard.core.inputs import MIN_REASON as MIN_REASON  # written once, with the input definitions

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
SETTING_REQUIRED = "Select your setting"
FLAG_ACTION_REQUIRED = "Say what you have done to keep the child safe"
VISIT_DATE_REQUIRED = "Enter the date of the antenatal visit"
VISIT_DATE_REFUSED = "Enter the date of the antenatal visit, today or in the past"
VULNERABILITY_REQUIRED = "Select at least one additional vulnerability"
VULNERABILITY_INVALID = "Select vulnerabilities from the list"
AGENCY_INVALID = "Select an agency from the list"
BIRTH_DATE_REQUIRED = "Enter the date of birth"
HOME_VISIT_REQUIRED = "Select whether it was a home visit"
MAPPA_CATEGORY_REQUIRED = "Select the MAPPA category"
MAPPA_LEVEL_REQUIRED = "Select the MAPPA level"
SEX_REQUIRED = "Select the baby's sex"
ATTENDED_ON = "Date of attendance"  # how the date rules name it: "Date of attendance must be …"
EXPECTED_BIRTH = "Expected date of birth"

# The five factors of the under-18 sexual health risk assessment, each scored 0, 1 or 2.
FACTOR_LABELS = {
    "exploitation": "Signs of sexual exploitation",
    "age_gap": "Age gap with a partner",
    "coercion": "Coercion or control",
    "substance_use": "Alcohol or drug use",
    "going_missing": "Going missing",
}


def score_required(factor: str) -> str:
    """What a clinician is told when a factor has no score of 0, 1 or 2 (page and API alike)."""
    return f"Score {FACTOR_LABELS[factor].lower()}: 0, 1 or 2"
