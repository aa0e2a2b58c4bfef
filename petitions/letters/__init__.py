"""Letters (đơn): register, classification, handling."""

# Registers the letters generator of `petitions demo` (after reception's, whose records it uses).
from petitions.letters import demo as _demo  # noqa: F401
