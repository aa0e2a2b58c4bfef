"""The citizens' status lookup: the projection the public lookup app reads (petitions.lookup.projection)."""
