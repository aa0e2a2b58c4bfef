"""Pure-Python domain core: rules with no Flask, SQLAlchemy or reportlab import."""
