"""The background worker of server mode (`afterword worker`), on a PostgreSQL job queue.

`daily` holds the work itself (who is due, re-planning one person's day, their digest),
plain functions over a database session; `digest` writes the morning email; `queue` puts
them on procrastinate's queue, which lives in the same PostgreSQL database.
"""
