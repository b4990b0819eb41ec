"""Opportunities (deals) at an account and the buying roles of its people on each."""
