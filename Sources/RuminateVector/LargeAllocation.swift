import Foundation

#if canImport(Glibc)
import Glibc
#endif

enum LargeAllocation {
    /// `Data` of `byteCount` bytes for a big, long-lived buffer that the caller overwrites completely (its initial
    /// contents are unspecified). On Linux it is 2 MiB aligned and advised to use transparent huge pages, so filling
    /// 40 MB takes ~20 page faults instead of ~10,000 and the scan that reads it later misses the TLB less.
    static func overwritableData(byteCount: Int) -> Data {
        #if canImport(Glibc)
        let hugePage = 2 << 20
        if byteCount >= hugePage {
            var memory: UnsafeMutableRawPointer?
            if posix_memalign(&memory, hugePage, byteCount) == 0, let memory {
                _ = madvise(memory, byteCount, MADV_HUGEPAGE)
                return Data(bytesNoCopy: memory, count: byteCount, deallocator: .free)
            }
        }
        #endif
        return Data(count: byteCount)
    }

    /// A copy of `bytes` in such a buffer.
    static func copy(of bytes: UnsafeRawBufferPointer) -> Data {
        var data = overwritableData(byteCount: bytes.count)
        data.withUnsafeMutableBytes { target in
            if let base = bytes.baseAddress, bytes.count > 0 {
                target.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
            }
        }
        return data
    }
}
