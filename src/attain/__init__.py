"""attain: school-improvement analytics for local authorities in England and Wales."""

__version__ = "0.1.0"
