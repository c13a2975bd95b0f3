import time


class ProductionErrorHandler:
    def handle(self):
        time.sleep(1)


class QuietHandler:
    def handle(self):
        return None


error_handler = ProductionErrorHandler()

handler = ProductionErrorHandler()
handler = QuietHandler()
