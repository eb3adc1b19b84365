"""Evaluation: metrics defined once (`signbridge.evals.metrics`, a leaf that training imports for rewards),
YAML suites (`signbridge.evals.suites`), case kinds (`signbridge.evals.kinds`), the runner and reports."""
