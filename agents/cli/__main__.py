"""`python -m agents.cli` is the same as the `signbridge` command."""

from agents.cli import main

main()
