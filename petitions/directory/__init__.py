"""Reference data: agencies, administrative units, classification lists, the calendar."""
