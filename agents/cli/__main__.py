"""`python -m signbridge.agents.cli` is the same as the `signbridge` command."""

from signbridge.agents.cli import main

main()
