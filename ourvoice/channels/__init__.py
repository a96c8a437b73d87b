"""Channels: the ways reports reach the platform (README.md). Each channel is its own package."""
