"""Round lifecycle and the scheduler that sets its alarms."""
