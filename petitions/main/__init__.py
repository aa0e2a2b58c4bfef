"""The home page, health check and language switch."""
