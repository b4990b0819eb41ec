"""Build the explorer's script: ``explorer/src/`` bundled by esbuild into ONE committed asset.

``python -m scripts.explorer`` (``make explorer``) installs explorer/'s pinned npm packages
(d3-hierarchy, esbuild) from its package-lock.json and writes ``api/static/explorer/explorer.js``;
:func:`build` with ``out`` writes elsewhere, which the suite uses to check that the committed
bundle is the one its sources make. The API itself never needs Node.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from scripts.npm import ensure_packages

ROOT = Path(__file__).resolve().parent.parent
EXPLORER = ROOT / "explorer"
ENTRY = EXPLORER / "src" / "main.js"
BUNDLE = ROOT / "api" / "static" / "explorer" / "explorer.js"

#: esbuild's options: one minified script, no source map, nothing that varies between runs.
ESBUILD_OPTIONS = (
    "--bundle",
    "--minify",
    "--format=iife",
    "--target=es2020",
    "--legal-comments=none",
)


def build(out: Path = BUNDLE) -> Path:
    """Bundle the explorer into ``out`` (the committed asset by default)."""
    ensure_packages(EXPLORER, "the explorer's build")
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(EXPLORER / "node_modules" / ".bin" / "esbuild"),
            str(ENTRY.relative_to(EXPLORER)),
            *ESBUILD_OPTIONS,
            f"--outfile={out}",
            "--log-level=warning",
        ],
        cwd=EXPLORER,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return out


def main() -> None:
    print(f"wrote {build().relative_to(ROOT)}")


if __name__ == "__main__":
    main()
