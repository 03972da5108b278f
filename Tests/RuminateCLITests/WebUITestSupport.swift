import Foundation

/// What the web UI tests need besides `RuminateProcess`: the binary (overridable), headless Chromium, a running
/// `ruminate serve`, and child processes that can never hang a test run forever.
enum WebUITestSupport {
    /// `RUMINATE_BINARY` when set (a development package testing a binary built elsewhere), else the binary
    /// `swift build` put next to the tests.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["RUMINATE_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return RuminateProcess.binary
    }

    /// The package folder (three levels above this file), for build artifacts.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Chromium, found the way scripts/ensure-browser finds it (`CHROMIUM`, then PATH), or nil.
    static func chromium() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: named) {
            return URL(fileURLWithPath: named)
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin", "/snap/bin"]
        for name in ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return URL(fileURLWithPath: "\(folder)/\(name)")
            }
        }
        return nil
    }

    /// A value for a URL fragment parameter (`#q=VALUE`): everything but unreserved characters percent-encoded.
    static func fragmentValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
    }

    /// Text as the DOM serialiser escapes it in text nodes, and back.
    static func decodeEntities(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{a0}").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

struct WebUIProcessHung: Error, CustomStringConvertible {
    var description: String
}

/// Starts a process whose signal mask blocks nothing. `Process.run()` hands the child the calling thread's
/// mask, and test threads (dispatch workers) block almost every signal, SIGTERM included, so a child that does
/// not reset its mask would ignore `terminate()`. A fresh thread that clears its mask launches it instead.
func launchWithEmptySignalMask(_ process: Process) throws {
    final class Launch: @unchecked Sendable {  // handed to the launching thread, read after it signals
        let process: Process
        var failure: (any Error)?
        let done = DispatchSemaphore(value: 0)
        init(_ process: Process) { self.process = process }
    }
    let launch = Launch(process)
    let thread = Thread {
        var nothing = sigset_t()
        sigemptyset(&nothing)
        pthread_sigmask(SIG_SETMASK, &nothing, nil)
        do { try launch.process.run() } catch { launch.failure = error }
        launch.done.signal()
    }
    thread.start()
    launch.done.wait()
    if let failure = launch.failure { throw failure }
}

/// Runs a child process to completion, output in files so a chatty process can never block on a full pipe.
/// `hangLimit` is not a performance bound: it only stops a process that would otherwise hang the run forever.
enum WebUIChildProcess {
    static func run(_ executable: URL, _ arguments: [String], in folder: URL, hangLimit: TimeInterval = 900) throws -> RuminateProcess.Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["RUMINATE_INDEX"] = nil
        process.environment = environment
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-child-\(UUID().uuidString)")
        let outPath = scratch.path + ".out", errPath = scratch.path + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try launchWithEmptySignalMask(process)
        if exited.wait(timeout: .now() + hangLimit) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 10) == .timedOut { kill(process.processIdentifier, SIGKILL); exited.wait() }
            throw WebUIProcessHung(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(Int(hangLimit)) s")
        }
        try out.close()
        try err.close()
        return RuminateProcess.Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }
}

/// A `ruminate serve --port 0` child: started, its URL read from stderr, always stopped by the test (`defer`).
final class WebUIServer: @unchecked Sendable {  // `lock` guards `log`, which the pipe's handler appends to
    let process = Process()
    private(set) var url = ""
    private let lock = NSLock()
    private var log = Data()

    var stderrText: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: log, as: UTF8.self)
    }

    /// Starts `ruminate ARGUMENTS` and waits until it prints the address it listens on.
    init(_ arguments: [String], in folder: URL, startLimit: TimeInterval = 300) throws {
        process.executableURL = WebUITestSupport.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["RUMINATE_INDEX"] = nil
        process.environment = environment
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
        stop()
        throw WebUIProcessHung(description: "`ruminate \(arguments.joined(separator: " "))` printed no URL (running: \(process.isRunning)); stderr:\n\(stderrText)")
    }

    /// The first http URL in the server's stderr, without a trailing slash or punctuation.
    static func listeningURL(in text: String) -> String? {
        guard let match = text.firstMatch(of: #/https?://[A-Za-z0-9.\-\[\]:]+:[0-9]+/#) else { return nil }
        return String(match.output)
    }

    /// SIGTERM, then SIGKILL if the server does not exit in a while.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        (process.standardError as? Pipe)?.fileHandleForReading.readabilityHandler = nil
    }
}

/// Headless Chromium with a private profile and no network of its own: only the test's 127.0.0.1 server is
/// loaded. `--virtual-time-budget` is virtual time (it waits for pending fetches), not a wall-clock bound.
struct WebUIHeadlessChromium {
    var executable: URL
    var profile: URL

    func dumpDOM(_ url: String, width: Int = 390, height: Int = 1200) throws -> RuminateProcess.Outcome {
        try WebUIChildProcess.run(executable, flags(width: width, height: height) + ["--dump-dom", url], in: profile.deletingLastPathComponent())
    }

    func screenshot(_ url: String, to file: URL, width: Int = 390, height: Int = 1200) throws -> RuminateProcess.Outcome {
        try? FileManager.default.removeItem(at: file)
        return try WebUIChildProcess.run(executable, flags(width: width, height: height) + ["--screenshot=\(file.path)", url], in: profile.deletingLastPathComponent())
    }

    private func flags(width: Int, height: Int) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.path)",
            "--window-size=\(width),\(height)", "--virtual-time-budget=30000",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-default-apps", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-domain-reliability",
            "--disable-client-side-phishing-detection", "--disable-features=Translate,MediaRouter,OptimizationHints",
        ]
    }
}
