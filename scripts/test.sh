#!/usr/bin/env bash
# The test command of the README: every test, in release mode (the numeric kernels are
# 10-100x slower in debug builds) with testability enabled for @testable imports.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release -Xswiftc -enable-testing --build-tests
swift test -c release -Xswiftc -enable-testing --skip-build "$@"
