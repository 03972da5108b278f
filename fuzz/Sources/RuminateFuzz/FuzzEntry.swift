import Glibc
import RuminateCore
import RuminateParse

/// libFuzzer calls this once per input. One binary serves every target: `RUMINATE_FUZZ_TARGET` names it
/// (`fuzz/run` sets it), because libFuzzer owns the command line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    selectedTarget.run(bytes)
    return 0
}

/// Refuses to start without a valid target, before libFuzzer reads any input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = selectedTarget
    return 0
}

let selectedTarget: FuzzTarget = {
    let name = getenv("RUMINATE_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = "ruminate-fuzz: set RUMINATE_FUZZ_TARGET to one of: \(names) (got \"\(name)\")\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    return target
}()
