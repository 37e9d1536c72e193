"""Synthetic demo data: a realistic local authority and its national comparator.

`generate(folder)` writes every warehouse dataset (see attain.domain.datasets) for a home LA
(default 882 Southend-on-Sea) at full size and all other LAs of its country at `scale`,
deterministically for a seed, calibrated to published national figures
(attain.demo.calibration).
"""

from __future__ import annotations

from attain.demo.service import DemoSummary, generate

__all__ = ["DemoSummary", "generate"]
