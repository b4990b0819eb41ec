"""Alerts (risk-flag transitions) and the webhooks that deliver them."""
