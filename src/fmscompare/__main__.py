"""`python -m fmscompare` runs the command-line interface."""

from fmscompare.cli.app import main

main()
