"""The command line: Typer commands that parse input, call services and print results."""
