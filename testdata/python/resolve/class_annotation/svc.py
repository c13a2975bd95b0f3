from __future__ import annotations

import time
from typing import Optional, Union


class Client:
    def get(self):
        time.sleep(1)


class Safe:
    def get(self):
        return 1


class Service:
    plain: Client
    optional: Optional[Client]
    union: Client | None
    old_union: Union[None, Client]
    quoted: "Client"
    safe: Safe

    async def run(self):
        self.plain.get()  # flagged
        self.optional.get()  # flagged
        self.union.get()  # flagged
        self.old_union.get()  # flagged
        self.quoted.get()  # flagged
        self.safe.get()  # trap: same method name on a class that does not block
        self.unknown.get()  # trap: not declared anywhere
