"""Reactions to other apps' signals (connected in apps.py)."""
