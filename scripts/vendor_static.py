"""Copy the front-end libraries installed by npm into var/vendor, which Django serves as static.

The list below is the whole front-end surface; package.json / package-lock.json pin versions.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
TARGET = ROOT / "var" / "vendor"

FILES = {
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    # The rich-text editor of comments (its HTML is sanitised again on the server).
    "trix/dist/trix.umd.min.js": "trix/trix.umd.min.js",
    "trix/dist/trix.umd.min.js.map": "trix/trix.umd.min.js.map",
    "trix/dist/trix.css": "trix/trix.css",
}


def main() -> int:
    missing = [src for src in FILES if not (NODE_MODULES / src).exists()]
    if missing:
        print("Missing npm files (run `npm ci`):", *missing, sep="\n  ", file=sys.stderr)
        return 1
    for src, dest in FILES.items():
        target = TARGET / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(NODE_MODULES / src, target)
    print(f"Copied {len(FILES)} front-end files into {TARGET.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
