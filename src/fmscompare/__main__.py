"""`python -m fmscompare` runs the command-line interface."""

from fmscompare.cli.entry import main

main()
