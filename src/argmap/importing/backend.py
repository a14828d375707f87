"""arguebuf, the optional library that reads AIF, OVA and Kialo files into one graph model.

It comes with ``pip install 'argmap[import]'`` (it pulls in grpcio, protobuf, lxml
and pendulum, which argmap's core install does not carry). Readers get it through
:func:`arguebuf_load`, which turns its absence into exit code 4 and the command
that installs it; :func:`scheme_links` reads its graph back as links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

from ..errors import MissingTool
from .neutral import ImportFailed

INSTALL = "pip install 'argmap[import]'"


def arguebuf_load(fmt: str) -> ModuleType:
    """``arguebuf.load``, or :class:`~argmap.errors.MissingTool` saying how to install it."""
    try:
        import arguebuf.load as load
    except ImportError:
        raise MissingTool(f"importing {fmt} needs the optional arguebuf library: {INSTALL}",
                          what="import") from None
    return load


def parsed(fmt: str, path: str, parse: Callable[[], Any]) -> Any:
    """``parse()``'s graph; a failure inside arguebuf on a file argmap has checked becomes
    one line naming the file, never a traceback."""
    try:
        return parse()
    except Exception as exc:  # arguebuf's own errors are of many kinds
        raise ImportFailed(f"arguebuf could not read this {fmt} file ({type(exc).__name__}: "
                           f"{' '.join(str(exc).split())[:200]})", location=path) from None


def scheme_links(graph: Any, order: Mapping[str, int]) -> Iterator[tuple[Any, list[str], list[str]]]:
    """Each scheme node of an arguebuf graph with its premises and conclusions (atom ids).

    Premises are the atoms with an edge into the scheme node, conclusions the
    atoms its edges go to: one step only, so a scheme aimed at another scheme
    (an attack on an inference) has no conclusion. Ids are sorted by ``order``
    (their place in the file), so the result does not depend on set order.
    """
    from arguebuf.model.node import AtomNode

    def atoms(nodes: Any) -> list[str]:
        return sorted((n.id for n in nodes if isinstance(n, AtomNode)), key=order.__getitem__)

    for node in sorted(graph.scheme_nodes.values(), key=lambda n: order[n.id]):
        yield node, atoms(graph.incoming_nodes(node)), atoms(graph.outgoing_nodes(node))
