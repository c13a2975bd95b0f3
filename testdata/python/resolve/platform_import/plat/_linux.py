def cpu_count():
    return 1
