"""Icons, translations and style sheets of the GUI, installed as package data."""
