import subprocess


def cpu_count():
    return int(subprocess.run(["lsdev"], capture_output=True).stdout)
