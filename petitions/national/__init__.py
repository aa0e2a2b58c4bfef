"""National database entry status of visits, letters and cases (DOMAIN §3.6)."""
