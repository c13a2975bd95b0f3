import os
import subprocess


def build():
    subprocess.run(["make", "assets"], check=True)


def reap(pid):
    os.waitpid(pid, 0)
