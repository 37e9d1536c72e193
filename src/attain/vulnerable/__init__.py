"""Vulnerable pupils: configurable rules (definitions/vulnerability.yaml), every reason per
pupil, a priority score with its formula, and who may see the lists."""
