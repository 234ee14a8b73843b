#!/usr/bin/env bash
# Regenerates Validation/references/*.json with real runs of MXNet 1.9.1, PyTorch and JAX.
#
#   bash Validation/peers/regenerate.sh            # from anywhere; needs python3.11 and PyPI
#   PYTHON=/path/to/python3.11 bash Validation/peers/regenerate.sh
#
# Makes two virtual environments beside this script if they are missing (MXNet 1.9.1 needs
# numpy < 2, PyTorch and JAX want numpy 2): .venv-mxnet and .venv-torch-jax, from the pinned
# requirements files. Then writes cases.json and one file per peer. Takes about 8 to 12 minutes,
# most of it JAX's Hessians (JAX runs eagerly here, without jit, to allow Python control flow).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"

make_venv() {   # make_venv DIR REQUIREMENTS
    if [ ! -x "$1/bin/python" ]; then
        echo "regenerate: creating $1 from $2" >&2
        "$PYTHON" -m venv "$1"
        "$1/bin/pip" install --quiet --upgrade pip
        "$1/bin/pip" install --quiet -r "$2"
    fi
}

make_venv .venv-mxnet requirements-mxnet.txt
make_venv .venv-torch-jax requirements-torch-jax.txt

.venv-torch-jax/bin/python make_references.py --cases
.venv-mxnet/bin/python make_references.py --peer mxnet
.venv-torch-jax/bin/python make_references.py --peer torch
.venv-torch-jax/bin/python make_references.py --peer jax
echo "regenerate: done; run the Swift side with: swift test --filter ValidationTests" >&2
