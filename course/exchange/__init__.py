"""Question banks in and out of Moodle: GIFT and Moodle XML. No Textual.

Both formats go through one neutral form (`neutral.Exchanged`), so the two share the rules
of what maps to what, and a round trip keeps every field either format can carry. What
cybercourse keeps and Moodle has no place for (source, difficulty, option ids, scoring
rule...) travels in a `cybercourse:` comment that Moodle ignores; what a format cannot
express at all is reported by name, never dropped in silence.
"""
