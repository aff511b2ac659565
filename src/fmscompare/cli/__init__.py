"""The command line: the Typer app (app), shared options (options), loading a dataset from them (inputs),
output and exit codes (output), and one thin module per command, named like it."""
