"""Evaluation: metrics defined once (`evals.metrics`, a leaf that training imports for rewards),
YAML suites (`evals.suites`), case kinds (`evals.kinds`), the runner and reports."""
