from app.errors import error_handler, handler
from app import errors


async def view():
    error_handler.handle()  # flagged
    errors.error_handler.handle()  # flagged
    handler.handle()  # trap: rebound at module level
