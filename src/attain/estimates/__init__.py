"""Modelled estimates: what each pupil would be expected to achieve, given their prior
attainment (and optionally their context), from a documented GLM fitted on national data of
previous years. See docs/estimates.md."""
