"""Step 1 of the pipeline: find record files and parse their front matter.

A record is a markdown (or .txt) file whose front matter is JSON or YAML between ``---`` lines.
Parsing never raises for a data problem: it returns a :class:`RecordError` naming the file and the
field, so one bad file never stops the others.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

try:  # orjson parses JSON front matter ~10x faster than the stdlib; it is optional.
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised only without orjson
    _orjson = None

from ccuskg.core.diagnostics import ERROR, WARNING, Diagnostic

RECORD_SUFFIXES = (".md", ".txt")
LANGUAGE_FOLDERS = {"zh", "en"}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")
LANG_PATTERN = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_RECORDS = re.compile(r"(readme|license|licence|changelog|contributing)(\..*)?", re.IGNORECASE)


@dataclass
class Record:
    """A parsed record: its front matter, its body, and where it came from."""

    path: Path
    display: str  # the path as shown to the user
    relative: str  # the path relative to the folder it was found under (stable across machines)
    lang: str
    data: dict
    body: str
    sha256: str
    front_matter_lines: list[str] = field(repr=False, default_factory=list)
    _tokens: list | None = field(repr=False, default=None, compare=False)

    @property
    def id(self) -> str:
        return self.data["id"]

    def line_of(self, field_path: str) -> int | None:
        """Line number (1-based, in the file) where a dotted field path is written, if it can be found."""
        if self._tokens is None:  # tokenised once per record: reports often name many fields
            self._tokens = list(_key_tokens(self.front_matter_lines))
        return _locate(self._tokens, field_path, first_line=2)


@dataclass
class RecordError:
    """A file that could not be read as a policy record."""

    path: Path
    display: str
    field: str
    message: str
    line: int | None = None
    severity: str = ERROR
    code: str = "unreadable"

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.display, self.field, self.severity, self.message, line=self.line, code=self.code)


def discover(paths) -> list[tuple[Path, Path]]:
    """Every record file under the given files or folders, as (root, file) pairs in a stable order.

    README/LICENSE files and anything whose name starts with '.' or '_' are not records.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        given = Path(given)
        if given.is_file():
            found.setdefault(given, given.parent)
            continue
        if not given.is_dir():
            raise FileNotFoundError(f"no such file or folder: {given}")
        for candidate in given.rglob("*"):  # the result is sorted below, once
            if candidate.suffix.lower() not in RECORD_SUFFIXES:
                continue
            rel_parts = candidate.relative_to(given).parts
            if any(part.startswith((".", "_")) for part in rel_parts):
                continue
            if not candidate.is_file():
                continue
            if _NOT_RECORDS.fullmatch(candidate.name):
                continue
            found.setdefault(candidate, given)
    return [(root, path) for path, root in sorted(found.items(), key=lambda item: str(item[0]))]


def parse_file(path: Path, root: Path | None = None) -> Record | RecordError:
    """Parse one record file; never raises for bad content."""
    path, display, relative = file_identity(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return RecordError(path, display, "", f"cannot read file: {exc.strerror or exc}")
    return parse_bytes(raw, path=path, display=display, relative=relative)


def file_identity(path, root=None) -> tuple[Path, str, str]:
    """A record file as the pipeline names it: the path, its display form, its path relative to ``root``."""
    path = path if isinstance(path, Path) else Path(path)  # discover() already gives Paths
    root = path.parent if root is None else root if isinstance(root, Path) else Path(root)
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.name
    return path, str(path), relative


def parse_bytes(raw: bytes, path: Path, display: str, relative: str) -> Record | RecordError:
    def fail(message: str, field: str = "", line: int | None = None) -> RecordError:
        return RecordError(path, display, field, message, line)

    digest = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        return fail("empty file: no front matter")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return fail("no front matter: the file must start with a '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return fail("front matter is not closed by a '---' line", line=1)
    fm_lines = lines[1:end]
    fm_text = "\n".join(fm_lines)
    body = "\n".join(lines[end + 1 :]).strip()

    is_json = fm_text.lstrip().startswith("{")
    data = _load_json(fm_text) if is_json else _load_yaml(fm_text)
    if isinstance(data, _ParseFailure):
        return fail(data.message, line=data.line)
    if not isinstance(data, dict):
        return fail(f"front matter must be an object of fields, not {type(data).__name__}", line=2)
    if _depth(data) > MAX_DEPTH:
        return fail(f"front matter is nested more than {MAX_DEPTH} levels deep: not a policy record", line=2)
    if not is_json:  # JSON has string keys and no dates already
        data = _normalise(data)

    if "title" not in data and "name" in data:
        kind = "a facility" if "relatedPolicies" in data or "operator" in data else "a country profile"
        return RecordError(path, display, "title", f"not a policy record (no 'title'; looks like {kind}): skipped",
                           line=None, severity=WARNING, code="not-a-policy")

    if "id" not in data or data["id"] in ("", None):
        return fail("missing required field 'id'", field="id")
    record_id = data["id"]
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        record_id = data["id"] = str(record_id)
    if not isinstance(record_id, str) or not ID_PATTERN.fullmatch(record_id):
        line = locate_field(fm_lines, "id", first_line=2)
        return fail(
            f"unsafe id {record_id!r}: an id is 1-120 letters, digits, '.', '_' or '-', starting with a letter or digit",
            field="id",
            line=line,
        )

    lang, lang_error = _language(data, path)
    if lang_error:
        return fail(lang_error, field="lang", line=locate_field(fm_lines, "lang", first_line=2))
    return Record(path, display, relative, lang, data, body, digest, fm_lines)


@dataclass
class _ParseFailure:
    message: str
    line: int | None


MAX_DEPTH = 32  # a record is a few levels deep; far deeper front matter is junk or an attack on the parser
_TOO_DEEP = _ParseFailure(f"front matter is nested more than {MAX_DEPTH} levels deep: not a policy record", 2)


def _depth(value) -> int:
    """How deeply dicts and lists nest, without recursion (a hostile file must not exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _load_json(fm_text: str):
    try:
        if _orjson is not None:
            return _orjson.loads(fm_text)
        return json.loads(fm_text)
    except RecursionError:
        return _TOO_DEEP
    except ValueError:
        pass
    try:  # re-parse with the stdlib for a message with line and column
        json.loads(fm_text)
    except json.JSONDecodeError as exc:
        return _ParseFailure(f"invalid JSON front matter: {exc.msg} (column {exc.colno})", exc.lineno + 1)
    except RecursionError:
        return _TOO_DEEP
    return _ParseFailure("invalid JSON front matter", None)


def _yaml_alias_line(fm_text: str) -> int | None:
    """The line of the first YAML anchor or alias, if any. Records never need them, and aliases
    nested in aliases expand exponentially (a ten-line file can exhaust the memory)."""
    try:
        for token in yaml.scan(fm_text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return token.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---
    except yaml.YAMLError:
        return None  # the parse below reports it with its position
    return None


_YAML = frontmatter.YAMLHandler()


def _load_yaml(fm_text: str):
    alias_line = _yaml_alias_line(fm_text)
    if alias_line is not None:
        return _ParseFailure("invalid YAML front matter: anchors and aliases (&name, *name) are not allowed in records",
                             alias_line)
    try:
        data = _YAML.load(fm_text)  # python-frontmatter's handler (SafeLoader); a list or scalar is kept as is
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return _ParseFailure(f"invalid YAML front matter: {problem}", line)
    except RecursionError:
        return _TOO_DEEP
    except Exception as exc:  # e.g. a date YAML reads but cannot build (2023-02-30)
        return _ParseFailure(f"cannot read front matter: {exc}", None)
    return {} if data is None else data


def _normalise(value):
    """YAML turns dates into date objects; the mapper wants the text the analyst wrote."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def _language(data: dict, path: Path) -> tuple[str, str | None]:
    lang = data.get("lang")
    if lang not in (None, ""):
        if not isinstance(lang, str) or not LANG_PATTERN.fullmatch(lang.strip()):
            return "", f"invalid language tag {lang!r} (expected e.g. 'zh' or 'en')"
        return lang.strip(), None
    folder = path.parent.name.lower()
    if folder in LANGUAGE_FOLDERS:
        return folder, None
    return script_language(str(data.get("title") or "")), None


def script_language(text: str, default: str = "en") -> str:
    """'zh' when the text is written in Han characters, else the default."""
    if _HAN.search(text):
        return "zh"
    return default


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')
_YAML_KEY = re.compile(r'^(\s*)(?:-\s+)?([^\s:#"\'\[\]{}][^:]*?)\s*:(?:\s|$)')


def _key_tokens(lines: list[str]):
    """(line index, column, key) for every key written in JSON or YAML front matter, in order."""
    for index, line in enumerate(lines):
        found = False
        for match in _JSON_KEY.finditer(line):
            found = True
            yield index, match.start(), match.group(1)
        if not found:
            match = _YAML_KEY.match(line)
            if match:
                yield index, len(match.group(1)), match.group(2)


def locate_field(lines: list[str], field_path: str, first_line: int = 1) -> int | None:
    """Find the line of a dotted field path (``analysis.mrv.score``) in JSON or YAML front matter.

    Works on the text, so it also finds fields whose values failed to map. Each path step must appear
    after the previous one, further right (deeper); a key at the previous step's column or left of
    it on a later line ends the search. List indexes (``supersedes[1]``) resolve to the key.
    """
    return _locate(list(_key_tokens(lines)), field_path, first_line)


def _locate(tokens: list, field_path: str, first_line: int) -> int | None:
    steps = [re.sub(r"\[\d+\]$", "", step) for step in field_path.split(".") if step]
    if not steps:
        return None
    position, column, line_of_parent = 0, -1, -1
    for step in steps:
        for i in range(position, len(tokens)):
            line, col, key = tokens[i]
            if col <= column and line > line_of_parent:
                return None
            if key == step and col > column:
                position, column, line_of_parent = i + 1, col, line
                break
        else:
            return None
    return line_of_parent + first_line


def normalise_label(text: str) -> str:
    """The form in which field values are compared with vocabulary labels."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
