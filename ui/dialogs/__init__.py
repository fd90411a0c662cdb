"""Dialogs: message boxes (messages), the sweep dialog, crash recovery."""
