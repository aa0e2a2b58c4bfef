"""E-mail notifications: an outbox written in the caller's transaction, sent over SMTP after it commits."""
