"""WebSocket routes. Apps add their consumers here as realtime features land."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
