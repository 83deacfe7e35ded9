// A throwaway `python3 -m http.server` on 127.0.0.1 for the download tests.
import Foundation

/// Serves a folder over HTTP on a free local port until `stop()` (or deinit).
final class LocalHTTPServer {
    let baseURL: URL
    private let process: Process

    /// Whether `python3` is on PATH.
    static let isAvailable: Bool = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }

    /// Starts the server; retries with another port if the chosen one was taken meanwhile.
    init(directory: URL) throws {
        for _ in 0..<3 {
            let port = try LocalHTTPServer.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", String(port),
                                 "--directory", directory.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Up to 10 s for the interpreter to start listening.
            for _ in 0..<200 where process.isRunning {
                if LocalHTTPServer.accepts(port: port) {
                    self.process = process
                    baseURL = URL(string: "http://127.0.0.1:\(port)/")!
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            LocalHTTPServer.kill(process)
        }
        throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "python3 http.server did not start"])
    }

    func stop() { LocalHTTPServer.kill(process) }

    /// SIGKILL, not `terminate()`'s SIGTERM: a child spawned from a dispatch worker thread
    /// inherits its blocked signals, and Python then ignores SIGTERM (SIGKILL cannot be blocked).
    private static func kill(_ process: Process) {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Runs `body` with a server for `directory`, always stopping it.
    static func serving<R>(_ directory: URL, _ body: (URL) throws -> R) throws -> R {
        let server = try LocalHTTPServer(directory: directory)
        defer { server.stop() }
        return try body(server.baseURL)
    }

    /// A port nothing listens on right now: the kernel's pick for a socket bound to port 0.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
