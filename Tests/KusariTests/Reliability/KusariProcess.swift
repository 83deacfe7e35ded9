// Running the built `kusari` command from tests, optionally with a fault-injection shim.
import Foundation

/// The `kusari` executable built next to the test bundle (`.build/<config>/kusari`).
let kusariBinary: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("kusari")

/// Fashion-MNIST from Debian's package, which the end-to-end tests train on (.ci/run installs it).
let fashionMNISTInstalled = FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")

/// How a `kusari` run ended.
struct Outcome {
    var status: Int32
    /// True when a signal ended it (then `status` is the signal number).
    var signaled: Bool
    var stdout: String
    var stderr: String
}

/// Runs `kusari arguments` to completion with `environment` added to the test's own.
/// `onLine` sees each stdout line as it arrives, with the child's process id.
func runKusari(_ arguments: [String], environment: [String: String] = [:],
               onLine: ((String, Int32) -> Void)? = nil) throws -> Outcome {
    let process = Process()
    process.executableURL = kusariBinary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    // stderr goes to a file, so only one pipe is read and neither can fill up and stall the child.
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("kusari-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    var outputText = Data(), pending = Data()
    while case let chunk = out.fileHandleForReading.availableData, !chunk.isEmpty {
        outputText += chunk
        pending += chunk
        while let newline = pending.firstIndex(of: 0x0A) {
            onLine?(String(decoding: pending[..<newline], as: UTF8.self), process.processIdentifier)
            pending = Data(pending[(newline + 1)...])
        }
    }
    process.waitUntilExit()
    let errorText = try Data(contentsOf: errorFile)
    return Outcome(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                   stdout: String(decoding: outputText, as: UTF8.self), stderr: String(decoding: errorText, as: UTF8.self))
}

/// An `LD_PRELOAD` library that injects faults into `kusari`'s file writes, so crash points
/// are exact instead of timed. Environment:
/// - `KUSARI_CRASH_POINT` (`mid-write`, `before-fsync`, `before-rename`, `after-rename`) and
///   `KUSARI_CRASH_SNAPSHOT` N: SIGKILL at that point of the Nth snapshot written (snapshots
///   are recognized by their temporary name `.snapshot_iter_*.tmp`); `mid-write` writes half
///   of the buffer first.
/// - `KUSARI_FULL_DIR` D: every write to a file under D fails with ENOSPC, as on a full disk.
/// Compiled once per test process with the system C compiler.
let faultShim: Result<String, Error> = Result {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kusari-shim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let source = directory.appendingPathComponent("shim.c"), library = directory.appendingPathComponent("shim.so")
    try shimSource.write(to: source, atomically: true, encoding: .utf8)
    let compiler = Process()
    compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    compiler.arguments = ["cc", "-shared", "-fPIC", "-O1", "-o", library.path, source.path, "-ldl"]
    try compiler.run()
    compiler.waitUntilExit()
    guard compiler.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    return library.path
}

private let shimSource = #"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char current[4096];
static int seen;

static int pathOf(int fd, char *buffer, size_t size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, buffer, size - 1);
    if (length < 0) return 0;
    buffer[length] = 0;
    return 1;
}

/* True when `path` is the temporary file of the KUSARI_CRASH_SNAPSHOT-th snapshot. */
static int isTarget(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strncmp(base, ".snapshot_iter_", 15) != 0 || !strstr(base, ".tmp")) return 0;
    if (strcmp(path, current) != 0) {
        strncpy(current, path, sizeof current - 1);
        seen += 1;
    }
    const char *wanted = getenv("KUSARI_CRASH_SNAPSHOT");
    return wanted && seen == atoi(wanted);
}

static int crashAt(const char *point) {
    const char *wanted = getenv("KUSARI_CRASH_POINT");
    return wanted && strcmp(wanted, point) == 0;
}

ssize_t write(int fd, const void *buffer, size_t count) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    char path[4096];
    if (fd > 2 && pathOf(fd, path, sizeof path)) {
        const char *full = getenv("KUSARI_FULL_DIR");
        if (full && strncmp(path, full, strlen(full)) == 0) { errno = ENOSPC; return -1; }
        if (isTarget(path) && crashAt("mid-write")) {
            real(fd, buffer, count / 2);
            kill(getpid(), SIGKILL);
        }
    }
    return real(fd, buffer, count);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    char path[4096];
    if (pathOf(fd, path, sizeof path) && isTarget(path) && crashAt("before-fsync")) kill(getpid(), SIGKILL);
    return real(fd);
}

int rename(const char *from, const char *to) {
    static int (*real)(const char *, const char *);
    if (!real) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    int target = isTarget(from);
    if (target && crashAt("before-rename")) kill(getpid(), SIGKILL);
    int result = real(from, to);
    if (target && crashAt("after-rename")) kill(getpid(), SIGKILL);
    return result;
}
"""#

/// A fresh, empty directory for one run's output.
func scratchDirectory(_ name: String) -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kusari-\(name)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}
