"""What comes in: the delivery journal that survives a crash, and the leases that let one
process receive where a platform allows only one receiver."""
