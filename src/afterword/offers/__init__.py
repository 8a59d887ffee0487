"""Offers: terms, deadlines, decisions, and total-compensation maths."""
