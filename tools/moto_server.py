"""moto's server with its request handling serialized.

moto applies a TransactWriteItems (and checks any condition) without
isolation from its other request threads, so two concurrent conditional
writes can both pass their conditions: a race DynamoDB itself never has
(it linearizes the writes to an item). Handling one request at a time
restores that guarantee. Our code's own races stay visible: a read in one
request followed by a write in another can still interleave with other
clients' requests, exactly as against DynamoDB.

Usage: python moto_server.py HOST PORT
"""

import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple

_one_at_a_time = threading.Lock()


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    app = DomainDispatcherApplication(create_backend_app)

    def serialized(environ, start_response):
        with _one_at_a_time:
            # Consume the whole response inside the lock: moto may build it lazily.
            return list(app(environ, start_response))

    run_simple(host, port, serialized, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
