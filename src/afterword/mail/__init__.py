"""Mail: composing messages and delivering them (SMTP, IMAP Drafts, .eml, mailto)."""
