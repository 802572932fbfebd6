"""What the learner DID: the SQLite progress store and its migrations. No Textual."""
