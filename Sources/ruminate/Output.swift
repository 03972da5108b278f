import ArgumentParser
import Foundation
import RuminateCore
import RuminateService

/// stdout for results, stderr for diagnostics.
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func diagnostic(_ text: String) {
        FileHandle.standardError.write(Data(("ruminate: " + text + "\n").utf8))
    }

    /// `value` as the wire encoding prints it: pretty, or on one line when `pretty` is false.
    static func json<T: Encodable>(_ value: T, pretty: Bool = true) throws {
        print(String(decoding: try WireEncoding.data(value, pretty: pretty), as: UTF8.self))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// A path shown relative to the current folder when it lies below it.
    static func displayPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// A `validate()` step that runs a request's own checks (the service's bounds, named as the CLI spells them),
/// so a bad option is refused as a usage error before anything is opened.
func validating(_ check: () throws -> Void) throws {
    do {
        try check()
    } catch let error as RuminateError {
        throw ValidationError(error.message)
    }
}

/// Runs a command body, turning a `RuminateError` into one clear line on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as RuminateError {
        Output.report(error)
        throw ExitCode.failure
    }
}

extension Output {
    /// A `RuminateError` as one clear line on stderr, with its hint and cause.
    static func report(_ error: RuminateError) {
        diagnostic("error: \(error.message)")
        if let hint = error.hint { diagnostic("hint: \(hint)") }
        if let cause = error.cause { diagnostic("cause: \(cause)") }
    }
}
