import Foundation

/// Runs the real `ruminate` binary (and other programs) for end-to-end tests, shared by every test target
/// that drives processes. Output goes to files, so a chatty process can never block on a full pipe.
public enum RuminateProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public struct Hung: Error, CustomStringConvertible {
        public var description: String
    }

    /// `RUMINATE_BINARY` when set (a development package testing a binary built elsewhere), else the binary
    /// `swift build` put next to the test bundle, else the package's debug build.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["RUMINATE_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "ruminate"),
            Bundle.main.bundleURL.appendingPathComponent("ruminate"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ruminate"),
        ]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        return repository.appendingPathComponent(".build/debug/ruminate")
    }

    /// The repository holding the tests (symlinks resolved, so a development package linking them finds it too).
    public static var repository: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The caller's environment without RUMINATE_INDEX: every test names its index.
    public static func environment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["RUMINATE_INDEX"] = nil
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `ruminate ARGUMENTS` in `folder` to completion.
    @discardableResult
    public static func run(
        _ arguments: [String], in folder: URL, environment: [String: String] = [:], stdin: URL? = nil
    ) throws -> Outcome {
        try run(binary, arguments, in: folder, environment: environment, stdin: stdin)
    }

    /// Runs any program to completion. `hangLimit` is not a performance bound: it only stops a process that
    /// would otherwise hang the test run forever.
    @discardableResult
    public static func run(
        _ executable: URL, _ arguments: [String], in folder: URL, environment: [String: String] = [:],
        stdin: URL? = nil, hangLimit: TimeInterval = 1800
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = Self.environment(adding: environment)
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-out-\(UUID().uuidString)")
        let outPath = scratch.path + ".out", errPath = scratch.path + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
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
            if exited.wait(timeout: .now() + 10) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
            throw Hung(
                description:
                    "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(Int(hangLimit)) s"
            )
        }
        try out.close()
        try err.close()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    /// Starts `ruminate ARGUMENTS` without waiting (output discarded), e.g. to kill it mid-run.
    public static func start(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try launchWithEmptySignalMask(process)
        return process
    }

    /// The outcome's stdout as one JSON object.
    public static func json(_ outcome: Outcome) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        return object
    }
}

/// Starts a process whose signal mask blocks nothing. `Process.run()` hands the child the calling thread's
/// mask, and test threads (dispatch workers) block almost every signal, SIGTERM included, so a child that does
/// not reset its mask would ignore `terminate()`. A fresh thread that clears its mask launches it instead.
public func launchWithEmptySignalMask(_ process: Process) throws {
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
