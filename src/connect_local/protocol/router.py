"""(method, raw path) -> operation name and path labels, built from the model's request URIs.

The raw path is split on '/' before percent-decoding, because ARNs travel in path labels with '/' encoded
as %2F. Among templates that match, literal segments beat labels, position by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from connect_local.protocol.model import service_model


@dataclass(frozen=True)
class _Template:
    operation: str
    segments: tuple[str | None, ...]  # a literal segment, or None for a label
    labels: tuple[tuple[int, str], ...]  # (segment index, label name)
    greedy: str | None  # name of a trailing greedy label ({Name+}), if any

    @property
    def rank(self) -> tuple[int, ...]:
        return tuple(0 if s is None else 1 for s in self.segments)


@dataclass(frozen=True)
class Route:
    operation: str
    labels: dict[str, str]  # shared by every request of the same path: read it, never change it


_RECENT = 4096  # routes remembered by (method, raw path)


class Router:
    def __init__(self) -> None:
        model = service_model()
        self._exact: dict[tuple[str, str], str] = {}
        self._by_shape: dict[tuple[str, int], list[_Template]] = {}
        self._greedy: dict[str, list[_Template]] = {}
        self._recent: dict[tuple[str, str], Route] = {}
        for name in model.operation_names:
            http = model.operation_model(name).http
            method = http["method"]
            path = http["requestUri"].split("?", 1)[0]
            template = _parse(name, path)
            if not template.labels and template.greedy is None:
                self._exact[(method, path.rstrip("/") or "/")] = name
            elif template.greedy is not None:
                self._greedy.setdefault(method, []).append(template)
            else:
                self._by_shape.setdefault((method, len(template.segments)), []).append(template)
        for templates in self._by_shape.values():
            templates.sort(key=lambda t: t.rank, reverse=True)

    def match(self, method: str, raw_path: str) -> Route | None:
        key = (method, raw_path)
        cached = self._recent.get(key)
        if cached is not None:
            return cached
        route = self._match(method, raw_path)
        if route is not None:
            if len(self._recent) >= _RECENT:
                self._recent.clear()  # clients poll a few paths; a full reset keeps this simple and bounded
            self._recent[key] = route
        return route

    def _match(self, method: str, raw_path: str) -> Route | None:
        path = raw_path.rstrip("/") or "/"
        exact = self._exact.get((method, path))
        if exact is not None:
            return Route(exact, {})
        parts = path.split("/")[1:]
        for template in self._by_shape.get((method, len(parts)), ()):
            labels = _bind(template, parts)
            if labels is not None:
                return Route(template.operation, labels)
        for template in self._greedy.get(method, ()):
            fixed = len(template.segments)
            if len(parts) > fixed:
                labels = _bind(template, parts[:fixed])
                if labels is not None:
                    labels[template.greedy or ""] = unquote("/".join(parts[fixed:]))
                    return Route(template.operation, labels)
        return None

    def knows_path(self, raw_path: str) -> bool:
        """Whether any method routes this path (to tell 'wrong method' from 'no such path')."""
        return any(self.match(m, raw_path) for m in ("GET", "PUT", "POST", "DELETE", "PATCH"))


def _parse(operation: str, path: str) -> _Template:
    segments: list[str | None] = []
    labels: list[tuple[int, str]] = []
    greedy = None
    for index, part in enumerate(path.strip("/").split("/")):
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1]
            if name.endswith("+"):
                greedy = name[:-1]
                break
            labels.append((index, name))
            segments.append(None)
        else:
            segments.append(part)
    return _Template(operation, tuple(segments), tuple(labels), greedy)


def _bind(template: _Template, parts: list[str]) -> dict[str, str] | None:
    for literal, part in zip(template.segments, parts):
        if literal is not None and literal != part:
            return None
    labels = {}
    for index, name in template.labels:
        value = unquote(parts[index])
        if not value:
            return None
        labels[name] = value
    return labels
