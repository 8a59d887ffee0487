"""The application pipeline: applications, contacts, interviews, outcomes and their history."""
