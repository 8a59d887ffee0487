"""Email drafts: a ready, personal message for every action that is an email."""
