"""WebSocket routes: one endpoint for the browser (events, replay, watches)."""

from django.urls import URLPattern, path

from cadencia.core.consumers import EventConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/events/", EventConsumer.as_asgi()),
]
