"""The JSON API (/api/v1): token-authenticated, generated OpenAPI 3.1 spec, the pages' services underneath."""
