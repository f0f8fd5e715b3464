"""Pin a package with its extras as well as bare in a lock (run by `make lock`).

pip 23.2 (Python 3.11's) in --require-hashes mode treats ``name[extra]`` as a requirement
of its own: when a dependency asks for ``sqlalchemy[asyncio]`` (prefect does) and the lock
pins only ``sqlalchemy==V``, pip looks for the newest version and refuses it as unpinned.
uv writes no extras into a lock, so this adds ``name[extra]==V`` with the same hashes
beside ``name==V``.

    python3 .ci/pin_extras.py 'sqlalchemy[asyncio]' .ci/locks/runtime.txt ...
"""

import re
import sys
from pathlib import Path


def pin_extras(lock: str, requirement: str) -> str:
    name = requirement.split("[", 1)[0]
    if re.search(rf"^{re.escape(requirement)}==", lock, re.M | re.I):
        return lock
    match = re.search(rf"^{re.escape(name)}==.*?\n(?=\S|\Z)", lock, re.M | re.S | re.I)
    if match is None:
        raise SystemExit(f"{name} is not pinned in the lock")
    block = match.group(0)
    pinned = requirement + block[len(name) :]
    return lock[: match.end()] + pinned + lock[match.end() :]


if __name__ == "__main__":
    requirement, *files = sys.argv[1:]
    for file in files:
        path = Path(file)
        path.write_text(pin_extras(path.read_text(), requirement))
