"""Count public functions, classes and methods in ``src/policylens`` whose docstring has no
numpydoc ``Examples`` section (issue #13 item 7).

Usage: ``python scripts/docstring_examples.py [--list]``
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "policylens"


def public_defs(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]:
    """Module-level public functions and classes, and the public methods of public classes."""
    out = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            out.append(node)
            if isinstance(node, ast.ClassDef):
                out += [n for n in node.body
                        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and not n.name.startswith("_")]
    return out


def missing_examples(root: Path = ROOT) -> tuple[list[str], int]:
    """(``path:line:name`` of every public definition under ``root`` whose docstring has no
    Examples section, the number of public definitions)."""
    missing: list[str] = []
    total = 0
    for path in sorted(root.rglob("*.py")):
        for node in public_defs(ast.parse(path.read_text(encoding="utf-8"))):
            total += 1
            if "Examples" not in (ast.get_docstring(node) or ""):
                missing.append(f"{path.relative_to(root)}:{node.lineno}:{node.name}")
    return missing, total


def main(argv: list[str]) -> int:
    missing, total = missing_examples()
    print(f"{len(missing)} of {total} public definitions have no Examples section")
    for module, n in Counter(m.split(":")[0] for m in missing).most_common():
        print(f"  {n:4d}  {module}")
    if "--list" in argv:
        print("\n".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
