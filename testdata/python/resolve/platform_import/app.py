import plat
from plat import any_count


async def main():
    plat.cpu_count()  # trap
    plat.aix_count()  # flagged
    plat.fallback_count()  # flagged
    any_count()  # trap: plat binds any_count to one of two functions of the tree
