"""Plain data: the routine format, the saved session document and its summary."""
