"""The ledger stands alone: what it imports, and the public names it promises."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import servanda.ledger

PACKAGE = Path(servanda.ledger.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports"
            assert node.module is not None
            names.add(node.module)
    return names


def test_the_ledger_imports_only_itself_errors_stdlib_and_cryptography() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 10
    for path in modules:
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "servanda":
                assert name == "servanda.errors" or name.startswith("servanda.ledger"), (
                    f"{path.name} imports {name}"
                )
            else:
                assert top in sys.stdlib_module_names or top == "cryptography", (
                    f"{path.name} imports {name}"
                )


def test_nothing_imports_accord_even_indirectly() -> None:
    everything = set().union(*(_imports(p) for p in PACKAGE.glob("*.py")))
    assert not any(name.startswith("servanda.accord") for name in everything)


EXPORTED = [
    "EMPTY_ROOT",
    "MAX_ENTRY_SIZE",
    "TILE_WIDTH",
    "AddCheckpointRequest",
    "Checkpoint",
    "CompactRange",
    "Group",
    "MemoryTree",
    "Node",
    "NodeID",
    "NodeReader",
    "Note",
    "NoteSignature",
    "Policy",
    "SigType",
    "SignerKey",
    "TileReader",
    "TileRef",
    "TlogProof",
    "VerifierKey",
    "WitnessResponse",
    "changed_tiles",
    "consistency_proof",
    "cosignature_message",
    "cosignature_timestamp",
    "decode_entry_bundle",
    "encode_entry_bundle",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "open_checkpoint",
    "parse_note",
    "parse_tile_path",
    "root_from_leaf_hashes",
    "sign_note",
    "split_tile",
    "tile_contents",
    "tile_for_node",
    "tile_node_reader",
    "tree_root",
    "verified_signers",
    "verify_consistency",
    "verify_inclusion",
    "verify_note",
    "verify_tlog_proof",
    "witness_add_checkpoint",
]


def test_the_public_api_is_locked() -> None:
    assert servanda.ledger.__all__ == EXPORTED
    for name in EXPORTED:
        assert getattr(servanda.ledger, name) is not None
    private = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert all(stem.startswith("_") for stem in private)
