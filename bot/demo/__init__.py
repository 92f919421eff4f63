"""Simulated communities playing a campaign of each kind (``chorus demo``)."""
