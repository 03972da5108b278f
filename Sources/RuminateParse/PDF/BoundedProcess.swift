#if canImport(Glibc)
import Glibc
#endif

/// Runs an external program (a file converter such as `pdftotext`) on bytes given on its stdin, bounded in
/// time and output, safe to call from many threads at once.
///
/// Why POSIX spawn rather than Foundation's `Process`: the child must lead its own process group (so a
/// timeout kills whatever it started too, not just the top process, and no grandchild keeps the pipes open),
/// must start with an empty signal mask and default dispositions whatever thread launches it, and writing its
/// stdin must never raise SIGPIPE in this process. The three channels are socket pairs (the input written
/// with `MSG_NOSIGNAL`); one `poll` loop feeds and drains all three, so no buffer can fill up and block
/// either side. Every descriptor is close-on-exec, so programs started by other threads
/// never inherit them. The path of the input file is never on the command line.
struct BoundedProcess {
    struct Outcome {
        /// The exit status, or nil when a signal ended the process (`signal` says which).
        var exitStatus: Int32?
        var signal: Int32?
        var stdout: [UInt8]
        /// True when stdout passed `maxOutputBytes`: reading stopped there and the process was killed.
        var stdoutTruncated: Bool
        /// The start of stderr (at most `maxErrorBytes`).
        var stderr: [UInt8]
    }

    enum Failure: Error {
        /// The executable is not there (or not executable).
        case notFound(String)
        /// The program ran past the timeout; it and its process group were killed.
        case timedOut(seconds: Double)
        /// The system refused a pipe or the spawn itself.
        case system(String, errno: Int32)
    }

    var executable: String
    var arguments: [String]
    var timeoutSeconds: Double
    var maxOutputBytes: Int
    var maxErrorBytes = 64 << 10

    /// `name` as given when it holds a slash, else the first executable regular file of that name on PATH.
    static func locate(_ name: String) -> String? {
        func isExecutableFile(_ path: String) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
        }
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    func run(input: [UInt8]) throws(Failure) -> Outcome {
        guard let path = Self.locate(executable) else { throw .notFound(executable) }
        var descriptors = Descriptors()
        defer { descriptors.closeAll() }
        try descriptors.open()
        let pid = try spawn(path, descriptors)
        descriptors.closeChildEnds()
        var child = Child(pid: pid)
        defer { child.killAndReap() }  // only acts when an early exit left it running

        let deadline = Clock.now() + timeoutSeconds
        var output = Output(maxOutputBytes: maxOutputBytes, maxErrorBytes: maxErrorBytes)
        var written = 0
        while descriptors.input >= 0 || descriptors.output >= 0 || descriptors.error >= 0 {
            let remaining = deadline - Clock.now()
            if remaining <= 0 { throw .timedOut(seconds: timeoutSeconds) }
            var polled: [pollfd] = []
            if descriptors.input >= 0 {
                polled.append(pollfd(fd: descriptors.input, events: Int16(POLLOUT), revents: 0))
            }
            if descriptors.output >= 0 {
                polled.append(pollfd(fd: descriptors.output, events: Int16(POLLIN), revents: 0))
            }
            if descriptors.error >= 0 {
                polled.append(pollfd(fd: descriptors.error, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&polled, nfds_t(polled.count), Int32(min(remaining * 1000 + 1, 60_000)))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .system("poll", errno: errno)
            }
            for entry in polled where entry.revents != 0 {
                if entry.fd == descriptors.input {
                    written = feed(input, from: written, to: &descriptors)
                } else if entry.fd == descriptors.output {
                    if !output.drain(&descriptors.output, isError: false) {
                        // Past the output bound: what was read is kept; the rest is not wanted.
                        child.killGroup()
                        descriptors.closeAll()
                        break
                    }
                } else if entry.fd == descriptors.error {
                    _ = output.drain(&descriptors.error, isError: true)
                }
            }
        }
        // Both outputs are closed; the program may still linger (or hold on after closing them).
        while true {
            if let status = child.reap() { return output.outcome(status: status) }
            if Clock.now() >= deadline { throw .timedOut(seconds: timeoutSeconds) }
            var pause = timespec(tv_sec: 0, tv_nsec: 2_000_000)
            nanosleep(&pause, nil)
        }
    }

    /// Writes the next chunk of stdin; closes it when done or when the program stopped reading.
    private func feed(_ input: [UInt8], from offset: Int, to descriptors: inout Descriptors) -> Int {
        guard offset < input.count else {
            descriptors.closeInput()
            return offset
        }
        let count = min(input.count - offset, 1 << 16)
        let sent = input.withUnsafeBytes { bytes in
            send(descriptors.input, bytes.baseAddress! + offset, count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        }
        if sent < 0 {
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { descriptors.closeInput() }
            return offset
        }
        if offset + sent == input.count { descriptors.closeInput() }
        return offset + sent
    }

    private func spawn(_ path: String, _ descriptors: Descriptors) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, descriptors.childInput, 0)
        posix_spawn_file_actions_adddup2(&actions, descriptors.childOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, descriptors.childError, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        var result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        // ETXTBSY: the program file is still open for writing somewhere, typically a copy of a writer's
        // descriptor in a child another thread is forking at that moment (or a package upgrade replacing
        // the program). It passes within milliseconds, so a few short retries before giving up.
        var retries = 0
        while result == ETXTBSY && retries < 10 {
            retries += 1
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000 * retries)
            nanosleep(&pause, nil)
            result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        }
        guard result == 0 else { throw .system("posix_spawn \(path)", errno: result) }
        return pid
    }
}

/// The three channels to the child: our ends and (until it is spawned) its ends.
private struct Descriptors {
    var input: Int32 = -1, output: Int32 = -1, error: Int32 = -1
    var childInput: Int32 = -1, childOutput: Int32 = -1, childError: Int32 = -1

    /// Socket pairs rather than pipes: they are created close-on-exec atomically (`pipe2` is not visible
    /// to Swift), so a program another thread starts meanwhile cannot inherit them and hold them open.
    mutating func open() throws(BoundedProcess.Failure) {
        func socketPair() throws(BoundedProcess.Failure) -> (ours: Int32, theirs: Int32) {
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
                throw .system("socketpair", errno: errno)
            }
            _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK)
            return (pair[0], pair[1])
        }
        (input, childInput) = try socketPair()
        (output, childOutput) = try socketPair()
        (error, childError) = try socketPair()
    }

    mutating func closeChildEnds() {
        for descriptor in [childInput, childOutput, childError] where descriptor >= 0 { close(descriptor) }
        (childInput, childOutput, childError) = (-1, -1, -1)
    }

    mutating func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    mutating func closeAll() {
        closeChildEnds()
        for descriptor in [input, output, error] where descriptor >= 0 { close(descriptor) }
        (input, output, error) = (-1, -1, -1)
    }
}

/// What the child wrote, bounded.
private struct Output {
    let maxOutputBytes: Int
    let maxErrorBytes: Int
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var truncated = false

    /// Reads what is there; closes the descriptor at end of file. False when stdout passed its bound.
    mutating func drain(_ descriptor: inout Int32, isError: Bool) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return true }
        }
        if count <= 0 {
            close(descriptor)
            descriptor = -1
            return true
        }
        if isError {
            stderr.append(contentsOf: chunk[..<min(count, max(0, maxErrorBytes - stderr.count))])
            return true
        }
        let room = maxOutputBytes - stdout.count
        stdout.append(contentsOf: chunk[..<min(count, room)])
        if count > room { truncated = true }
        return !truncated
    }

    func outcome(status: Int32) -> BoundedProcess.Outcome {
        // The wait status: low 7 bits the terminating signal (0 when it exited), next byte the exit code.
        let signal = status & 0x7F
        return BoundedProcess.Outcome(
            exitStatus: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
            stdout: stdout, stdoutTruncated: truncated, stderr: stderr)
    }
}

/// The spawned program, killed with its whole process group when abandoned, and always reaped.
private struct Child {
    let pid: pid_t
    var reaped = false

    mutating func reap() -> Int32? {
        guard !reaped else { return nil }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
        if result == 0 { return nil }
        reaped = true
        return result == pid ? status : 0
    }

    func killGroup() {
        // The child leads its own group (POSIX_SPAWN_SETPGROUP), so -pid reaches everything it started.
        if !reaped { kill(-pid, SIGKILL) }
    }

    mutating func killAndReap() {
        guard !reaped else { return }
        killGroup()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
    }
}

private enum Clock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
