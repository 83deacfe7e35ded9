// Synchronous HTTP download with a progress line on stderr, for dataset files.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

enum Download {
    /// The body of `url`, fetched while the caller waits. Throws `httpStatus` for any status
    /// but 200 and `transfer` when the connection fails or delivers fewer bytes than its
    /// Content-Length. With `showProgress`, a line on stderr is updated at most four times a
    /// second: `Downloading train-images-idx3-ubyte.gz: 45% (4.5 MB / 9.9 MB)`.
    static func fetch(_ url: URL, showProgress: Bool) throws(DatasetError) -> Data {
        let receiver = Receiver(name: url.lastPathComponent, showProgress: showProgress)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        // The session keeps its delegate until invalidated; `finishTasksAndInvalidate` lets it go.
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
        session.dataTask(with: url).resume()
        session.finishTasksAndInvalidate()
        let result = receiver.wait()
        let source = url.absoluteString
        if let error = result.error { throw .transfer(url: source, reason: error.localizedDescription) }
        if let status = result.status, status != 200 { throw .httpStatus(url: source, status: status) }
        if result.expected >= 0 && Int64(result.data.count) != result.expected {
            throw .transfer(url: source, reason: "received \(result.data.count) of \(result.expected) bytes")
        }
        return result.data
    }

    /// The progress line for `received` of `expected` bytes (`expected` < 0 when the server
    /// did not say), sizes in decimal megabytes with one decimal.
    static func progressLine(name: String, received: Int64, expected: Int64) -> String {
        func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
        guard expected > 0 else { return "Downloading \(name): \(megabytes(received))" }
        return "Downloading \(name): \(received * 100 / expected)% (\(megabytes(received)) / \(megabytes(expected)))"
    }

    /// Collects one response on URLSession's delegate queue and wakes the waiting caller.
    private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        struct Result {
            var data = Data()
            var status: Int?
            var expected: Int64 = -1
            var error: Error?
        }

        private let name: String
        private let showProgress: Bool
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var result = Result()
        // Touched only on the session's serial delegate queue.
        private var lastReport = Date.distantPast
        private var printed = false

        init(name: String, showProgress: Bool) {
            self.name = name
            self.showProgress = showProgress
        }

        /// Blocks until the task completes; the delegate queue is URLSession's own, so this
        /// cannot deadlock the caller's thread.
        func wait() -> Result {
            done.wait()
            return lock.withLock { result }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let (received, expected, ok) = lock.withLock {
                result.data.append(data)
                if let response = dataTask.response {
                    result.expected = response.expectedContentLength
                    result.status = (response as? HTTPURLResponse)?.statusCode
                }
                return (Int64(result.data.count), result.expected, result.status == 200)
            }
            if ok { report(received: received, expected: expected, final: false) }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            let (received, expected, ok) = lock.withLock {
                if let response = task.response {
                    result.expected = response.expectedContentLength
                    result.status = (response as? HTTPURLResponse)?.statusCode
                }
                result.error = error
                return (Int64(result.data.count), result.expected, error == nil && (result.status ?? 200) == 200)
            }
            if ok {
                report(received: received, expected: expected, final: true)
            } else if printed {
                FileHandle.standardError.write(Data("\n".utf8))
            }
            done.signal()
        }

        private func report(received: Int64, expected: Int64, final: Bool) {
            guard showProgress else { return }
            let now = Date()
            guard final || now.timeIntervalSince(lastReport) >= 0.25 else { return }
            lastReport = now
            printed = true
            let line = "\r" + Download.progressLine(name: name, received: received, expected: expected) + (final ? "\n" : "")
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
