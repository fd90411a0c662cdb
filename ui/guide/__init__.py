"""The scenario's story on screen: the guide bar, the claims seen to hold, the Info pane."""
