"""Webhook events from the records of other apps (filled below)."""
