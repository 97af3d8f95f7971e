"""`coretimer serve`'s web side: the server (textual-serve, adapted), its guard, and the page."""
