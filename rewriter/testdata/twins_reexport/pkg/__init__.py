from .impl import connect
