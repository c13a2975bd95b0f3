import time


class Manager:
    def start(self):
        time.sleep(1)

    def stop(self):
        return None


def get_manager() -> "Manager":
    return Manager()


def get_untyped():
    return Manager()


class Registry:
    def manager(self) -> Manager:
        return Manager()
