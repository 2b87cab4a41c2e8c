"""Dialogs: each takes the narrow things it needs and can be built alone in a test."""
