from app.core import db


def first():
    second()


def second():
    third()


def third():
    m = db.Manager()
    m.connect()
