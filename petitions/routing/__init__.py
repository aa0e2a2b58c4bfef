"""Routing rules: which body is competent for a letter (petitions.domain.routing), as administrators edit them."""
