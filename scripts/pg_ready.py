"""Exit 0 when the PostgreSQL server of the given URL accepts a connection (used by `make test`)."""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

url = urlsplit(sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/fazhi")
server = urlunsplit((url.scheme, url.netloc, "/postgres", "", ""))  # the test database may not exist yet
try:
    psycopg.connect(server, connect_timeout=3).close()
except psycopg.Error as exc:
    print(f"PostgreSQL not reachable: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
