"""workbench: run every idea of Deep Learning from Scratch in the terminal."""
