"""The declarative base and the column types every domain's models build on (the bottom layer)."""
