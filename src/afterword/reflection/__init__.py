"""Reflection: the debrief journal and mood check-ins."""
