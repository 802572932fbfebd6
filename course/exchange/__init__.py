"""Question banks in and out of Moodle: GIFT and Moodle XML. No Textual.

Both formats go through one neutral form (`neutral.Exchanged`), so the two share the rules
of what maps to what. Every field of a question or quiz that Moodle has no place for travels
in a `cybercourse:` comment that Moodle ignores, derived from the model (`carriage`), so a
round trip gives the same quiz back; what Moodle itself cannot express is named on export.
Files are read as Moodle's own importers read them (`gift_reader`, `moodle_xml_reader`); a
question that cannot be read or scored the same way is named with its line and left out.
"""
