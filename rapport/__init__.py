"""Rapport: a self-hostable professional network that runs on trust."""
