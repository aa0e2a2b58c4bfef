"""Letters (đơn): register, classification, handling."""
