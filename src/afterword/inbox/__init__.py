"""Inbox triage: reading the user's mail, recognising job-process messages and acting on them."""
