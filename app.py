"""Entry point: `python app.py COMMAND` (migrate, seed-demo, serve, create-user, ...) or
`flask --app app COMMAND`. The application itself is built by `sofs_direct.create_app()`."""

from sofs_direct import create_app
from sofs_direct.cli import main

app = create_app()

if __name__ == "__main__":
    main(lambda: app)
