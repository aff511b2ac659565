"""`python -m fmscompare` runs the command-line interface."""

from fmscompare.cli import main

main()
