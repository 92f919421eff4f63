"""Delivery records: the outbox of messages to post, the inbox of deliveries handled, the
journal of deliveries acknowledged before they are handled, and group commit."""
