"""Blocks saved and loaded with Prefect's own Python SDK, against the server PREFECT_API_URL names.

Prints one KEY value line per check, which PythonBlocksOnJprefectTest reads.
"""
import json

from pydantic import SecretStr

from prefect.blocks.core import Block
from prefect.blocks.system import Secret


class Credentials(Block):
    """A custom block with a secret field."""

    username: str
    password: SecretStr


class Warehouse(Block):
    """A custom block that nests another block."""

    host: str
    port: int = 5432
    credentials: Credentials


Secret(value="s3cr3t").save("api-key")
print("SECRET", Secret.load("api-key").get())
try:
    Secret(value="other").save("api-key")
    print("SAVED_AGAIN", "allowed")
except ValueError:
    print("SAVED_AGAIN", "refused")
Secret(value="rotated").save("api-key", overwrite=True)
print("OVERWRITTEN", Secret.load("api-key").get())

Secret(value={"user": "ada", "token": "t0k"}).save("json-secret")
print("JSON", json.dumps(Secret.load("json-secret").get(), sort_keys=True))

credentials = Credentials(username="ada", password="pw")
credentials.save("ada")
Warehouse(host="db.local", credentials=credentials).save("main")
main = Warehouse.load("main")
print("NESTED", main.host, main.port, main.credentials.username, main.credentials.password.get_secret_value())

Warehouse(host="h2", credentials=Credentials(username="bob", password="pw2")).save("inline")
inline = Warehouse.load("inline")
print("INLINE", inline.host, inline.credentials.username, inline.credentials.password.get_secret_value())
