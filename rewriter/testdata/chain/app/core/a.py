from . import b as bmod
from .b import step as do_step


def run(delay):
    do_step(delay)
    return bmod.step(delay)
