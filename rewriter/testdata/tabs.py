import time


class Worker:
	def rest(self):
		time.sleep(1)
		return "rested"

	async def run(self):
		self.rest()
		time.sleep(0)
