"""Class mode: the progress store on a PostgreSQL server shared by a training room.

Needs psycopg (`pip install 'cybercourse[class]'`). Nothing outside class mode imports this
package, so the local course never loads psycopg (see tests/test_layers.py).
"""
