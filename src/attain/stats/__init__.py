"""Statistics: confidence intervals, significance, trends, ranking and suppression.

Pure functions over numbers (numpy allowed; no database or file-format library).
"""
