"""A Jupyter server setting that takes a 40 ms stall out of every widget round trip.

The server relays kernel messages to the browser over a Tornado websocket, which by default
leaves Nagle's algorithm on. Each widget edit makes the kernel publish three messages in a row
(status busy, the widget update, status idle); the second write then waits for the browser's
delayed ACK, about 40 ms on Linux. Tornado documents the cure (``set_nodelay(True)``); this
connection class applies it. Start Lab with::

    jupyter lab --ServerApp.kernel_websocket_connection_class=\
        romulus_nb.widgets.nodelay.NoDelayWebsocketConnection

Only the server imports this module; the widgets work without it, a little slower.
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

#: The value to give ``ServerApp.kernel_websocket_connection_class``.
CONNECTION_CLASS = "romulus_nb.widgets.nodelay.NoDelayWebsocketConnection"


class NoDelayWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The standard kernel websocket connection, with TCP_NODELAY on the browser's socket."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()
