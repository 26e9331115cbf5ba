"""The server setting that turns Nagle's algorithm off on the browser's kernel websocket."""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets.utils.importstring import import_item

from romulus_nb.widgets.nodelay import CONNECTION_CLASS, NoDelayWebsocketConnection


class FakeWebsocketHandler:
    def __init__(self):
        self.nodelay = []

    def set_nodelay(self, value: bool) -> None:
        self.nodelay.append(value)


def test_the_documented_setting_names_the_nodelay_connection_class():
    assert import_item(CONNECTION_CLASS) is NoDelayWebsocketConnection
    assert issubclass(NoDelayWebsocketConnection, ZMQChannelsWebsocketConnection)


def test_connecting_sets_tcp_nodelay_then_connects_as_the_server_would(monkeypatch):
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: "connected")
    handler = FakeWebsocketHandler()
    connection = NoDelayWebsocketConnection.__new__(NoDelayWebsocketConnection)
    connection._trait_values["websocket_handler"] = handler  # a real one needs a live server
    assert connection.connect() == "connected"
    assert handler.nodelay == [True]
