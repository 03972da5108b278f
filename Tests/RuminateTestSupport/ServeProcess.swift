import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `ruminate serve --port 0` child: started, its URL read from stderr, stopped by the test (`stop()` in a
/// `defer`; SIGTERM, then SIGKILL if it does not exit).
public final class ServeProcess: @unchecked Sendable {  // `lock` guards `log`, which the pipe's handler appends to
    public let process = Process()
    /// The base URL without a trailing slash, e.g. `http://127.0.0.1:40123`.
    public private(set) var url = ""
    private let lock = NSLock()
    private var log = Data()

    public var stderrText: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: log, as: UTF8.self)
    }

    /// Starts `ruminate serve --port 0 ARGUMENTS` and waits until it prints the address it listens on.
    public init(_ arguments: [String], in folder: URL, startLimit: TimeInterval = 600) throws {
        process.executableURL = RuminateProcess.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = folder
        process.environment = RuminateProcess.environment()
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        // Keep draining stderr for the server's whole life, so it never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self, !chunk.isEmpty else { return }
            self.lock.lock()
            self.log.append(chunk)
            self.lock.unlock()
        }
        try launchWithEmptySignalMask(process)
        let deadline = Date().addingTimeInterval(startLimit)
        while Date() < deadline {
            if let found = Self.listeningURL(in: stderrText) {
                url = found
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        _ = stop()
        throw RuminateProcess.Hung(
            description:
                "`ruminate serve \(arguments.joined(separator: " "))` printed no URL (running: \(process.isRunning)); stderr:\n\(stderrText)"
        )
    }

    /// The first http URL in the server's stderr, without a trailing slash or punctuation.
    static func listeningURL(in text: String) -> String? {
        guard let match = text.firstMatch(of: #/https?://[A-Za-z0-9.\-\[\]:]+:[0-9]+/#) else { return nil }
        return String(match.output)
    }

    /// SIGTERM, then SIGKILL if the server does not exit in a while; returns the exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        (process.standardError as? Pipe)?.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    deinit { if process.isRunning { _ = stop() } }

    /// GET `path` (absolute, e.g. `/api/status`) with optional headers: the status and the body.
    public func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: url + path)!)
        request.timeoutInterval = 300  // only so that a hung server cannot hang the suite
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
