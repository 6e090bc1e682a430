"""WebSocket entry point: the connection's user gets their project scope, like HTTP requests."""

from typing import Any

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware

from cadencia.core.changelog import ChangeSource, change_context
from cadencia.core.scoping import project_scope, scope_for_user


class ProjectScopeMiddleware(BaseMiddleware):
    """Place after AuthMiddlewareStack: reads ``scope["user"]``, activates that user's scope for
    the whole connection (consumers run inside this call, so they inherit it)."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        user = scope.get("user")
        projects = await database_sync_to_async(scope_for_user)(user)
        with project_scope(projects), change_context(source=ChangeSource.WEB, actor=user):
            return await super().__call__(scope, receive, send)
