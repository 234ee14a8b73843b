#!/usr/bin/env bash
# Installs the system libraries DualTape builds against, only when they are missing.
# Idempotent and quick when everything is there (a pkg-config probe, no package manager call).
#   Debian/Ubuntu: libgsl-dev libopenblas-dev pkg-config (apt-get, with sudo when not root)
#   macOS:         gsl openblas pkg-config (Homebrew)
# OpenBLAS provides both BLAS and LAPACK (Debian's libopenblas0-pthread, -openmp and -serial,
# and Homebrew's openblas, all build LAPACK in). Nothing links it: DualTape opens
# libopenblas.so.0 (libopenblas.dylib) at first use, after choosing its kernels.
set -euo pipefail

have() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl openblas; }

if have; then
  exit 0
fi

case "$(uname -s)" in
  Linux)
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "install-system-deps: need libgsl-dev, libopenblas-dev and pkg-config; this script knows apt-get only." >&2
      exit 1
    fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "install-system-deps: installing libgsl-dev libopenblas-dev pkg-config" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgsl-dev libopenblas-dev pkg-config >/dev/null
    ;;
  Darwin)
    brew install gsl openblas pkg-config
    echo "install-system-deps: with Homebrew's keg-only openblas, export PKG_CONFIG_PATH=\"$(brew --prefix openblas)/lib/pkgconfig:\$PKG_CONFIG_PATH\"" >&2
    ;;
  *)
    echo "install-system-deps: unsupported system $(uname -s)" >&2
    exit 1
    ;;
esac

have || { echo "install-system-deps: pkg-config still cannot find gsl and openblas" >&2; exit 1; }
