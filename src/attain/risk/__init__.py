"""Risk categorisation frameworks: YAML loading and validation, and evaluation."""
