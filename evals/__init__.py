"""Evaluation: YAML suites (`signbridge.evals.suites`), case kinds (`signbridge.evals.kinds`), the runner and
reports. The metrics themselves live in `signbridge.models.metrics` (training uses them as rewards)."""
