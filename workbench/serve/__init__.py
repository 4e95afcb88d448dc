"""`workbench serve`: every browser gets its own workbench, on textual-serve (imported only here)."""
