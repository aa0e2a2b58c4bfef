"""Outgoing documents: drafts, issuing and numbering, signed copies, the outgoing register (issue 5)."""
