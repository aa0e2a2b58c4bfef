"""Accounts, roles, sign-in, server-side sessions, second factor and security events."""
