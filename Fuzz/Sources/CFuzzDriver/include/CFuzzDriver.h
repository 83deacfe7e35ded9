// libFuzzer's entry point for programs that keep their own main.
#include <stddef.h>
#include <stdint.h>

/// Parses libFuzzer's flags from argc/argv and fuzzes `callback` (libFuzzer's
/// `LLVMFuzzerTestOneInput` signature); returns the exit status. Provided by
/// libclang_rt.fuzzer, which `-sanitize=fuzzer` links.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
