"""Example application for asynclint: a core library being migrated to asyncio."""
