"""Encrypted backups of the database and the uploaded files (`petitions backup`, `petitions restore`)."""
