"""Step 1 of the pipeline: find record files and parse their front matter.

A record is a markdown (or .txt) file whose front matter is JSON or YAML between ``---`` lines; other
suffixes can have readers of their own (see ``ccuskg.ingest.readers``). Parsing never raises for a
data problem: it returns a :class:`RecordProblem` naming the file and the field, so one bad file never
stops the others.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


try:  # orjson parses JSON front matter ~10x faster than the stdlib; it is optional.
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised only without orjson
    _orjson = None

from ccuskg.core.diagnostics import ERROR, WARNING, Diagnostic
from ccuskg.ingest import readers
from ccuskg.ingest.kinds import PROFILE, PROFILE_ID, record_kind
from ccuskg.ingest.readers import Document, ReadError, decode_text

RECORD_SUFFIXES = (".md", ".txt")  # the built-in front matter reader's; discovery reads every registered reader's
LANGUAGE_FOLDERS = {"zh", "en"}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")
LANG_PATTERN = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NO_KIND = ("not a policy, country profile or facility record (no 'title', 'regulatory' or 'coordinates', "
            "and not under policies/, countries/ or facilities/): skipped")
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

    @property
    def kind(self) -> str:
        """policy, profile or facility (see ``ccuskg.ingest.kinds``); derived, so cached records have it too."""
        return record_kind(self.data, self.relative, self.path) or "policy"

    def line_of(self, field_path: str) -> int | None:
        """Line number (1-based, in the file) where a dotted field path is written, if it can be found."""
        if self._tokens is None:  # tokenised once per record: reports often name many fields
            self._tokens = list(_key_tokens(self.front_matter_lines))
        return _locate(self._tokens, field_path, first_line=2)


@dataclass
class RecordProblem:
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


def discover(paths, errors: list[RecordProblem] | None = None) -> list[tuple[Path, Path]]:
    """Every record file under the given files or folders, as (root, file) pairs in a stable order
    (``discover_names`` says which files are records and how problems are reported)."""
    return [(root, Path(path)) for path, root in discover_names(paths, errors)]


def discover_names(paths, errors: list[RecordProblem] | None = None) -> list[tuple[str, Path]]:
    """Every record file under the given files or folders, as (file, root) pairs sorted by file, the
    file as text (what ``str(path)`` gives): for a caller that only names or hashes the files, 10,000
    ``Path`` objects cost more than finding the files.

    A file is a record when a reader is registered for its suffix (``.md`` and ``.txt`` built in; see
    ``ccuskg.ingest.readers``); a file given by name always is. README/LICENSE files and anything
    whose name starts with '.' or '_' are not records.

    With an ``errors`` list, a path that does not exist (or vanishes while it is walked) and a folder
    that cannot be listed are each a :class:`RecordProblem` appended to it, and the other paths are
    still found. Without it, a missing path raises FileNotFoundError and unlistable folders are skipped.
    """
    suffixes = frozenset(readers.record_suffixes())
    found: dict[str, Path] = {}  # file (as text: cheaper to hash and sort than Paths) -> root
    problems: dict[Path, RecordProblem] = {}

    def problem(path: Path, exc: OSError | None) -> None:
        if errors is None and (exc is None or isinstance(exc, FileNotFoundError)):
            raise FileNotFoundError(f"no such file or folder: {path}")
        if exc is None or isinstance(exc, FileNotFoundError):
            message = "no such file or folder (it was removed, or never existed)"
        elif isinstance(exc, NotADirectoryError):
            message = "not a file or folder that records can be read from"
        else:
            message = f"cannot list folder: {exc.strerror or exc}"
        problems.setdefault(path, RecordProblem(path, str(path), "", message, code="unreadable"))

    for given in paths:
        given = Path(given)
        if given.is_file():
            found.setdefault(str(given), given.parent)
            continue
        if not given.is_dir():
            problem(given, NotADirectoryError() if given.exists() else None)
            continue
        _walk(given, suffixes, found, problem)
    if errors is not None:
        errors.extend(problems[path] for path in sorted(problems, key=str))
    return sorted(found.items())


def _walk(given: Path, suffixes: frozenset[str], found: dict[str, Path], problem) -> None:
    """The record files under one folder, into ``found``; folders that cannot be listed go to ``problem``.

    ``os.scandir`` by hand rather than ``os.walk`` plus a ``stat`` per file: a directory entry knows
    whether it is a folder or a regular file, so 10,000 records are found without 10,000 stats
    (0.47 s -> a third of that). As ``os.walk`` does, a link to a folder is not followed; a link to a
    file is a record, a broken link is not."""
    pending = [str(given)]
    while pending:
        folder = pending.pop()
        try:
            entries = os.scandir(folder)
        except OSError as exc:
            problem(Path(folder), exc)
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith((".", "_")):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                        continue
                    if os.path.splitext(name)[1].lower() not in suffixes or _NOT_RECORDS.fullmatch(name):
                        continue
                    if entry.is_file():  # not a link to a folder, a broken link or a vanished file
                        path = entry.path  # as str(Path(...)) spells it: "./a.md" is "a.md"
                        found.setdefault(path[2:] if path.startswith("./") else path, given)
                except OSError:
                    continue


def parse_file(path: Path, root: Path | None = None) -> Record | RecordProblem:
    """Parse one record file; never raises for bad content."""
    path, display, relative = file_identity(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return RecordProblem(path, display, "", f"cannot read file: {exc.strerror or exc}")
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


def parse_bytes(raw: bytes, path: Path, display: str, relative: str) -> Record | RecordProblem:
    """Read one file's bytes with the reader of its suffix (front matter when none has it) and check
    the fields every record needs; never raises for bad content, nor for a reader that fails."""
    def fail(message: str, field: str = "", line: int | None = None) -> RecordProblem:
        return RecordProblem(path, display, field, message, line)

    digest = hashlib.sha256(raw).hexdigest()
    reader = readers.reader_for(path)
    read = read_front_matter if reader is None else reader.read
    try:
        document = read(raw, path)
    except ReadError as exc:
        return fail(exc.message, field=exc.field, line=exc.line)
    except RecursionError:
        return fail(_TOO_DEEP.message, line=_TOO_DEEP.line)
    except Exception as exc:  # a reader's bug is this file's error, not the end of the build
        return fail(f"cannot read the file: the {reader.name if reader else 'front matter'} reader failed "
                    f"({type(exc).__name__}: {exc})")
    if not isinstance(document, Document):
        if not isinstance(document, dict):
            name = reader.name if reader else "front matter"
            return fail(f"cannot read the file: the {name} reader gave a {type(document).__name__}, "
                        "not a Document or a dict of fields")
        document = Document(document)
    data, body, fm_lines = document.data, document.body, document.front_matter_lines
    first_line = 2  # where the fields start: the front matter's first line
    if read is not read_front_matter:  # another reader's document: text where text is expected
        body = body if isinstance(body, str) else "" if body is None else str(body)
        fm_lines = [str(line) for line in fm_lines] if isinstance(fm_lines, (list, tuple)) else []
        first_line = 2 if fm_lines else None
    if not isinstance(data, dict):
        return fail(f"front matter must be an object of fields, not {type(data).__name__}", line=first_line)
    if _depth(data) > MAX_DEPTH:
        return fail(f"front matter is nested more than {MAX_DEPTH} levels deep: not a policy record", line=first_line)
    if not document.json_types:  # JSON has string keys and no dates already
        data = _normalise(data)

    kind = record_kind(data, relative, path)
    if kind is None:
        return RecordProblem(path, display, "title", _NO_KIND, line=None, severity=WARNING, code="not-a-policy")

    if "id" not in data or data["id"] in ("", None):
        return fail("missing required field 'id'", field="id")
    record_id = data["id"]
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        record_id = data["id"] = str(record_id)
    pattern = PROFILE_ID if kind == PROFILE else ID_PATTERN
    if not isinstance(record_id, str) or not pattern.fullmatch(record_id):
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


def read_front_matter(raw: bytes, path: Path) -> Document:
    """The built-in reader: JSON or YAML front matter between '---' lines, then the body."""
    if not raw.strip():
        raise ReadError("empty file: no front matter")
    lines = decode_text(raw).split("\n")
    if lines[0].strip() != "---":
        raise ReadError("no front matter: the file must start with a '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ReadError("front matter is not closed by a '---' line", line=1) from None
    fm_lines = lines[1:end]
    data, json_types = load_front_matter("\n".join(fm_lines))
    return Document(data, "\n".join(lines[end + 1 :]).strip(), fm_lines, json_types=json_types)


def load_front_matter(fm_text: str) -> tuple[object, bool]:
    """The front matter's value and whether JSON gave it (so it holds JSON types only).

    Front matter is JSON or YAML. Text starting with '{' is tried as JSON first (fast); text that is
    not strict JSON (single quotes, trailing commas: YAML's flow style) is then read once as YAML, of
    which JSON is a subset. ReadError when neither reads it, with the message of the parser that got
    further into the text (JSON's on a tie)."""
    if not fm_text.lstrip().startswith("{"):
        data = _load_yaml(fm_text)
        if isinstance(data, _ParseFailure):
            raise ReadError(data.message, line=data.line)
        return data, False
    data = _load_json(fm_text)
    if not isinstance(data, _ParseFailure):
        return data, True
    if data.fatal:
        raise ReadError(data.message, line=data.line)
    as_yaml = _load_yaml(fm_text)
    if not isinstance(as_yaml, _ParseFailure):
        return as_yaml, False
    if as_yaml.position is None:  # YAML parsed it but refused it: an alias, a bad date, a number, too deep
        raise ReadError(as_yaml.message, line=as_yaml.line)
    as_json = _json_failure(fm_text)
    if as_json.position is None:
        failure = as_json if as_json.fatal else as_yaml
    else:
        failure = as_yaml if as_yaml.position > as_json.position else as_json
    raise ReadError(failure.message, line=failure.line)


@dataclass
class _ParseFailure:
    message: str
    line: int | None
    position: tuple[int, int] | None = None  # (line, column) from 0 in the front matter, for a syntax error
    fatal: bool = False  # no other parser can do better (too deep, a number too long)


MAX_DEPTH = 32  # a record is a few levels deep; far deeper front matter is junk or an attack on the parser
_TOO_DEEP = _ParseFailure(f"front matter is nested more than {MAX_DEPTH} levels deep: not a policy record", 2,
                          fatal=True)
_NOT_JSON = _ParseFailure("invalid JSON front matter", None)


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
    """JSON's value, or a failure (its message comes from ``_json_failure``, needed only if YAML fails too)."""
    try:
        if _orjson is not None:
            return _orjson.loads(fm_text)
        return json.loads(fm_text)
    except RecursionError:
        return _TOO_DEEP
    except json.JSONDecodeError as exc:  # orjson's errors are JSONDecodeErrors too
        return _TOO_DEEP if exc.msg.startswith("depth limit exceeded") else _NOT_JSON
    except ValueError as exc:  # the stdlib's refusal of a number with thousands of digits
        return _number_failure(fm_text, exc)


def _json_failure(fm_text: str) -> _ParseFailure:
    """Why the text is not JSON, with its position (the stdlib's messages name line and column)."""
    try:
        json.loads(fm_text)
    except json.JSONDecodeError as exc:
        return _ParseFailure(f"invalid JSON front matter: {exc.msg} (column {exc.colno})", exc.lineno + 1,
                             (exc.lineno - 1, exc.colno - 1))
    except RecursionError:
        return _TOO_DEEP
    except ValueError as exc:
        return _number_failure(fm_text, exc)
    return _NOT_JSON  # JSON the stdlib reads but orjson refuses (a lone surrogate escape, NaN)


_INT_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 0)()  # Python's limit on int('...') (0: none)


def _number_failure(fm_text: str, exc: Exception) -> _ParseFailure:
    """A number too long for Python to read as an int: an error on its line, not a crash of the build."""
    match = re.search(r"\d{%d,}" % (_INT_DIGITS + 1), fm_text) if _INT_DIGITS else None
    if match is None:
        return _ParseFailure(f"cannot read front matter: {exc}", None, fatal=True)
    return _ParseFailure(f"front matter has a number of {len(match.group())} digits, more than the {_INT_DIGITS} "
                         "that can be read: not a policy record", fm_text.count("\n", 0, match.start()) + 2,
                         fatal=True)


@functools.lru_cache(maxsize=1)
def _yaml():
    """PyYAML, python-frontmatter's YAML handler and the scanner, imported when a YAML front matter
    first needs them (JSON records, and ``discover``, never do: 60 ms of start-up saved).
    The scanner is libyaml's when PyYAML has it: ten times faster than the pure Python one, which
    takes minutes on a front matter of 100,000 nested brackets (libyaml stops at its nesting limit)."""
    import frontmatter
    import yaml

    return yaml, frontmatter.YAMLHandler(), getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_alias_line(fm_text: str) -> int | None:
    """The line of the first YAML anchor or alias, if any. Records never need them, and aliases
    nested in aliases expand exponentially (a ten-line file can exhaust the memory)."""
    yaml, _, scanner = _yaml()
    try:
        for token in yaml.scan(fm_text, Loader=scanner):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return token.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---
    except yaml.YAMLError:
        return None  # the parse below reports it with its position
    return None


def _load_yaml(fm_text: str):
    yaml, handler, _ = _yaml()
    alias_line = _yaml_alias_line(fm_text)
    if alias_line is not None:
        return _ParseFailure("invalid YAML front matter: anchors and aliases (&name, *name) are not allowed in records",
                             alias_line)
    try:
        data = handler.load(fm_text)  # python-frontmatter's handler (SafeLoader); a list or scalar is kept as is
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        position = (mark.line, mark.column) if mark is not None else None
        return _ParseFailure(f"invalid YAML front matter: {problem}", line, position)
    except RecursionError:
        return _TOO_DEEP
    except ValueError as exc:  # a date YAML reads but cannot build (2023-02-30), a number of 5,000 digits
        return _number_failure(fm_text, exc)
    except Exception as exc:
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
# YAML's flow style: 'single-quoted' keys at a line's start or after '{' or ',', plain keys after '{'
_QUOTED_KEY = re.compile(r"(?:^|[{,])\s*(?:-\s+)?('((?:[^']|'')*)')\s*:")
_FLOW_KEY = re.compile(r"\{\s*([^\s:#\"'\[\]{},][^:,{}]*?)\s*:(?:\s|$)")


def _key_tokens(lines: list[str]):
    """(line index, column, key) for every key written in JSON or YAML front matter, in order."""
    for index, line in enumerate(lines):
        found = False
        for match in _JSON_KEY.finditer(line):
            found = True
            yield index, match.start(), match.group(1)
        if found:
            continue
        tokens = {}
        match = _YAML_KEY.match(line)
        if match:
            tokens[len(match.group(1))] = match.group(2)
        if "{" in line or line.lstrip().startswith("'"):
            for match in _QUOTED_KEY.finditer(line):
                tokens.setdefault(match.start(1), match.group(2).replace("''", "'"))
            for match in _FLOW_KEY.finditer(line):
                tokens.setdefault(match.start(1), match.group(1))
        for column in sorted(tokens):
            yield index, column, tokens[column]


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


# The built-in reader, registered as any other reader is.
readers.register_reader("front-matter", RECORD_SUFFIXES, read_front_matter, origin="ccuskg", replace=True)
