"""The Textual app: home and lesson screens, the panes, help, the palette and saved progress."""
