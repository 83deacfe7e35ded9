// The shared main of the fuzz targets.
import CFuzzDriver
import Foundation

/// Runs libFuzzer with the process's arguments over `body`, which gets each input's bytes,
/// then exits with libFuzzer's status.
///
/// SwiftPM links an executable target with its module's own entry point as `main` (so tests
/// can import it), which hides libFuzzer's `main`; so each target has an ordinary `@main`
/// that hands over to `LLVMFuzzerRunDriver`, the documented entry for that case.
public func runFuzzer(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, body))
}

/// The input libFuzzer passes as a byte array (an empty input may come as a null pointer).
public func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let data, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: count))
}
