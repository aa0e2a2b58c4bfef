"""Identity vault (DOMAIN §8): the denouncer's identity behind an opaque reference."""
