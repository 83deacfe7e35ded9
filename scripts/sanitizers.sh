#!/usr/bin/env bash
# Runs the tests under AddressSanitizer and/or ThreadSanitizer (issue 9).
#
#   bash scripts/sanitizers.sh                        # both, every test
#   bash scripts/sanitizers.sh thread -- --filter 'IteratorTests|ThreadingTests'
#
# Like scripts/test.sh: release mode with testability (debug kernels are too slow under a
# sanitizer), one scratch folder per sanitizer so neither rebuild disturbs the normal build.
# A report from either sanitizer fails the test process (halt_on_error), so the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=()
while (($#)) && [[ $1 != -- ]]; do sanitizers+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
((${#sanitizers[@]})) || sanitizers=(address thread)

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
# Tests that measure resident memory skip themselves: under a sanitizer they would measure it.
export KUSARI_SANITIZER=1
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1}
# The sanitizer prints the report; Swift's backtracer would only add minutes per failure.
export SWIFT_BACKTRACE=enable=no
for sanitizer in "${sanitizers[@]}"; do
    scratch=.build/sanitize-$sanitizer
    echo "== $sanitizer sanitizer ($scratch)"
    swift build -c release -Xswiftc -enable-testing --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" \
        2>&1 | grep -v "ld.gold: warning: Cannot export local symbol"
    swift test -c release -Xswiftc -enable-testing --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@"
done
