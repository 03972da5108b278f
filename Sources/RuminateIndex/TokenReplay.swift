import RuminateText

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Tokens the ingest workers already computed for the texts the writer is about to insert, so FTS5's
/// tokenizer callback replays them instead of analysing the same text a second time on the writer's
/// thread. Per thread: the callback runs inside `sqlite3_step` on the thread that offered them. A replay
/// happens only when the bytes FTS5 hands over equal the offered text exactly; anything else is analysed.
final class TokenReplay {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<TokenReplay>.fromOpaque(pointer).release() }
        }
        return key
    }()

    /// The current thread's replay slot.
    static var current: TokenReplay {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<TokenReplay>.fromOpaque(pointer).takeUnretainedValue()
        }
        let replay = TokenReplay()
        pthread_setspecific(key, Unmanaged.passRetained(replay).toOpaque())
        return replay
    }

    private var offered: [(text: String, tokens: [AnalyzedToken])] = []

    func offer(_ entries: [(text: String, tokens: [AnalyzedToken])]) { offered = entries }

    func clear() { offered.removeAll(keepingCapacity: true) }

    /// The offered tokens for exactly these bytes, if any.
    func tokens(for bytes: UnsafeBufferPointer<UInt8>) -> [AnalyzedToken]? {
        for index in offered.indices {
            var text = offered[index].text
            let same = text.withUTF8 { utf8 in
                utf8.count == bytes.count
                    && (utf8.count == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress!, utf8.count) == 0)
            }
            if same { return offered[index].tokens }
        }
        return nil
    }
}
