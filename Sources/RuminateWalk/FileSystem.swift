#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real identity of a file or folder, the same through every symlink and hard link that reaches it.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
}

/// The few facts of `stat(2)` the walk needs.
struct FileStatus: Sendable {
    enum Kind: Sendable { case regular, directory, symlink, other }

    let kind: Kind
    let identity: FileIdentity
    let byteSize: Int
    let modified: Double

    /// `lstat` when `followingLinks` is false, `stat` otherwise; the errno on failure.
    static func read(_ path: String, followingLinks: Bool) -> Result<FileStatus, SystemError> {
        var info = stat()
        let rc = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard rc == 0 else { return .failure(SystemError.current()) }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        let modified = Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
        return .success(FileStatus(kind: kind, identity: identity, byteSize: Int(info.st_size), modified: modified))
    }
}

/// An errno with its text.
struct SystemError: Error, Sendable {
    let number: Int32

    static func current() -> SystemError { SystemError(number: errno) }

    var text: String { String(cString: strerror(number)) }
    var isMissing: Bool { number == ENOENT || number == ENOTDIR }
    var isPermission: Bool { number == EACCES || number == EPERM }
    var isLinkLoop: Bool { number == ELOOP }
}

enum FileSystem {
    /// The names in a folder, without "." and "..", sorted so the walk is deterministic.
    /// Names that are not valid UTF-8 are returned separately (lossily decoded, for the report),
    /// because a String cannot carry them back to the file system.
    static func listFolder(_ path: String) -> Result<(names: [String], undecodable: [String]), SystemError> {
        guard let folder = opendir(path) else { return .failure(SystemError.current()) }
        defer { closedir(folder) }
        var names: [String] = []
        var undecodable: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else {
                if errno != 0 { return .failure(SystemError.current()) }
                break
            }
            let decoded: (String?, String) = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    (String(validatingCString: $0), String(cString: $0))
                }
            }
            guard let name = decoded.0 else {
                undecodable.append(decoded.1)
                continue
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort()
        return .success((names, undecodable))
    }

    /// What a symlink points at, for messages; "?" when it cannot be read.
    static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return "?" }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// `path` made absolute against `base` with ".", ".." and repeated "/" removed lexically
    /// (symlinks are kept as written: the walk reports paths as reached).
    static func standardize(_ path: String, against base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var kept: [Substring] = []
        for component in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !kept.isEmpty { kept.removeLast() }
            default: kept.append(component)
            }
        }
        return "/" + kept.joined(separator: "/")
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder == "/" ? "/" + name : folder + "/" + name
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// Paths as the kernel reaches them: every symlink, "." and ".." resolved.
public enum RealPath {
    /// `realpath(3)` of `path` (relative paths start at the current directory); nil when it does not exist or
    /// cannot be resolved.
    public static func of(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the real path `path` is `folder` (a real path too) or lies below it.
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
