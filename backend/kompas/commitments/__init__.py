"""Personal commitments (persoonlijk instappen): what working together means to a person."""
