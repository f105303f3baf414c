"""Tests of the supervision line. `SAMPLE_DETAIL`: what the kernel's tests pass to open a case of this line."""

SAMPLE_DETAIL = {"source": "complaint", "matter": "投诉某执法机关未依法履行职责"}
