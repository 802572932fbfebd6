"""How an attempt RUNS: drawing, shuffling, grading and scoring. No Textual, no I/O."""
