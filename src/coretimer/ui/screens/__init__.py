"""Screens. Each renders what it is given and turns keys into calls on the App."""
