"""Families of similar schools (and statistical neighbours for LAs): the N nearest by
Euclidean distance on standardised context variables. See docs/estimates.md."""
