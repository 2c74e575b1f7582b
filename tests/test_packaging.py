"""The wheel carries everything: build it, install it in a fresh venv, run the CLI elsewhere."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(dist.glob("clientmig-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "clientmig/_schemas/canonical.toml" in names
    assert "clientmig/py.typed" in names
    assert "clientmig/_data/sources/outlook.toml" in names
    assert not any(n.startswith(("tests/", "sample_data/")) for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The package comes only from the wheel; its dependencies from this environment, added
    # as a plain path (its own .pth files, such as an editable clientmig, are not processed).
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
    )
    deps = sysconfig.get_paths()["purelib"]
    (site / "deps.pth").write_text(deps + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "clients.csv").write_bytes((SAMPLES / "belgian_clients.csv").read_bytes())
    result = subprocess.run(
        [
            str(python),
            "-c",
            "import clientmig, clientmig.cli, sys; "
            "assert clientmig.__file__.startswith(sys.argv[1]), clientmig.__file__; "
            "raise SystemExit(clientmig.cli.main(['inspect', 'clients.csv']))",
            str(site),
        ],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "delimiter:  semicolon" in result.stdout
