"""Registers docs/calibration.md with the generated documentation."""

from __future__ import annotations

from attain.demo.calibration import calibration_markdown
from attain.services.docs import register

register("calibration.md", calibration_markdown)
