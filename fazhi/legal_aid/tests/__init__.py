"""Tests of the legal_aid line. `SAMPLE_DETAIL`: what the kernel's tests pass to open a case of this line."""

SAMPLE_DETAIL = {"case_category": "civil", "matter": "labour"}
