"""Tests of the legality line. `SAMPLE_DETAIL`: what the kernel's tests pass to open a case of this line."""

SAMPLE_DETAIL = {"kind": "contract"}
