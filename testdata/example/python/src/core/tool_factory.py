"""A factory for tools, with a stability pause after creating each."""

import asyncio
import time
from time import sleep as pause

from .error_tracker import checkpoint


class Tool:
    """A trivial tool."""

    def __init__(self, name="tool"):
        self.name = name


def prepare_batch(names, scale=0.001):
    """Prepare tools by name, checkpointing each (blocking, via the tracker)."""
    prepared = []
    for name in names:
        checkpoint(name, scale)
        prepared.append(name.strip())
    return prepared


def legacy_bootstrap(scale=0.001):
    """Sync start-up path, never called from async code: left alone."""
    time.sleep(scale)
    return prepare_batch(["bootstrap"], scale)


class ToolFactory:
    """Creates tools."""

    def __init__(self, scale=0.001):
        self.scale = scale

    def create_tool_with_stability(self, tool_class):
        """Create a tool, then pause for system stability (blocking)."""
        tool = tool_class()
        time.sleep(100 * self.scale)
        return tool

    async def create_tool_with_stability_async(self, tool_class):
        """Create a tool, then pause for system stability."""
        tool = tool_class()
        await asyncio.sleep(100 * self.scale)
        return tool

    async def build_all(self, names):
        """Build one tool per name, pausing between them."""
        tools = []
        for name in names:
            tools.append(Tool(name))
            pause(self.scale)
        return tools

    async def warm_cache(self):
        """Warm the cache; this blocking pause is deliberate and suppressed."""
        time.sleep(self.scale)  # noqa: ASYNC251
        return True
