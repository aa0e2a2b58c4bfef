"""Deadlines area: the working calendar in the database, clocks on letters and cases, the calculator."""
