import plat


async def main():
    plat.cpu_count()  # trap
    plat.aix_count()  # flagged
    plat.fallback_count()  # flagged
