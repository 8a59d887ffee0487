"""The demo workspace: a sample job search to explore afterword with."""
