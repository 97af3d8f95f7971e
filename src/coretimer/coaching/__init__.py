"""The coaching rules: progression, pain over weeks, endurance, streaks, stats."""
