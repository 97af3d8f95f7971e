"""One session as it runs: the engine on its clock, its cues, sound and speech."""
