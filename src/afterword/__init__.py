"""afterword: a local-first companion for everything that happens after a job interview."""

__version__ = "0.1.0"
