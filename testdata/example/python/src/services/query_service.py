"""Query service over the graph database."""

from src.core.error_tracker import ErrorTracker
from src.core.neo4j_manager import FakeDriver, Neo4jManager


async def count_nodes(scale=0.001):
    """Count the nodes of the graph."""
    manager = Neo4jManager(FakeDriver(), scale=scale)
    rows = await manager.execute_query("MATCH (n) RETURN count(n)")
    return rows[0]


async def count_nodes_with_retry(scale=0.001):
    """Count nodes, opening a session with retries first."""
    manager = Neo4jManager(FakeDriver(fail_first=1), scale=scale)
    session = await manager.open()
    tracker = ErrorTracker(scale)
    tracker.record("connect")
    await tracker.flush()
    return session.run("MATCH (n) RETURN count(n)")[0]
