"""A fake SMS Gateway for Android (the app's local-server API), for tests and demos."""

from hotline_server.devtools.fake_android_gateway.fake import FakeGateway, build_fake_gateway
from hotline_server.devtools.fake_android_gateway.server import http_poster, running_fake_gateway

__all__ = ["FakeGateway", "build_fake_gateway", "http_poster", "running_fake_gateway"]
