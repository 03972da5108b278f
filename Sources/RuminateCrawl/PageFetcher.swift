import Foundation
import RuminateCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange as the crawler sees it. Redirects are not followed here: the crawler checks each hop.
struct FetchResponse: Sendable {
    var status: Int
    /// Media type, lowercased, without parameters ("text/html").
    var contentType: String?
    /// The `charset` parameter of Content-Type, as sent ("ISO-8859-1"); nil when there is none.
    var charset: String?
    var etag: String?
    var lastModified: String?
    var location: String?
    /// Body bytes written to the destination; 0 when the body was not wanted.
    var bodyBytes = 0
    var bodyWritten = false
    /// The body passed the byte limit (declared or counted): its download was stopped, the file is incomplete.
    var tooLarge = false
}

extension FetchResponse {
    /// "text/html" of "Text/HTML; charset=UTF-8"; nil when the header names no type (the path then decides).
    static func mediaType(of contentType: String) -> String? {
        let type = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        return type.isEmpty ? nil : type
    }

    /// "ISO-8859-1" of "text/html; charset=\"ISO-8859-1\"" (RFC 9110 parameters: case-insensitive name,
    /// value a token or a quoted string); nil when absent or empty.
    static func charset(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";", omittingEmptySubsequences: false).dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

/// Conditional-request validators from the previous fetch of a page.
struct Validators: Sendable {
    var etag: String?
    var lastModified: String?
}

/// Fetches one URL at a time with URLSession, streaming the body to a file so a page is never held in memory
/// and a body past the limit is cut off as soon as it passes it. No cache, no cookies, no automatic redirects.
///
/// swift-corelibs-foundation ignores the response disposition and never pauses a transfer: it queues every
/// body chunk for the delegate as fast as the network delivers it, until a `cancel()` takes effect. So the
/// delegate queue is a `BoundedDelegateQueue`, which makes the session wait while a few chunks are pending
/// (curl then stops reading and TCP slows the server down); an unwanted body is stopped with an explicit
/// `cancel()`, issued from another queue (it waits for the session's work queue); chunks arriving after that
/// are dropped at once; and the delegate does no more per chunk than append it to the file.
final class PageFetcher: Sendable {
    private let session: URLSession
    private let delegate: TransferDelegate
    private let timeout: Double

    init(userAgent: String, timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = 1
        configuration.httpAdditionalHeaders = [
            "User-Agent": userAgent,
            "Accept":
                "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,application/xml;q=0.8,*/*;q=0.5",
        ]
        let queue = BoundedDelegateQueue(pendingLimit: 32)
        delegate = TransferDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        self.timeout = timeout
    }

    deinit { session.invalidateAndCancel() }

    /// GETs `url`. `wantsBody` sees the status and media type and decides whether the body is read into
    /// `destination`; otherwise the exchange ends at the headers. Network failures and timeouts are errors.
    func fetch(
        _ url: WebURL, validators: Validators?, limit: Int, destination: String,
        wantsBody: @escaping @Sendable (Int, String?) -> Bool
    ) -> Result<FetchResponse, RuminateError> {
        guard let address = URL(string: url.string) else {
            return .failure(RuminateError(.invalidArgument, "\(url) is not a URL Foundation accepts"))
        }
        var request = URLRequest(
            url: address, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData, timeoutInterval: timeout)
        if let etag = validators?.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let date = validators?.lastModified { request.setValue(date, forHTTPHeaderField: "If-Modified-Since") }
        let transfer = Transfer(limit: limit, destination: destination, wantsBody: wantsBody)
        let task = session.dataTask(with: request)
        delegate.begin(transfer, task: task)
        task.resume()
        // URLSession enforces the timeout; this wait only guards against a transfer that never completes.
        if transfer.done.wait(timeout: .now() + timeout + 15) == .timedOut {
            task.cancel()
            _ = transfer.done.wait(timeout: .now() + 5)
            delegate.end(task)
            transfer.closeFile()
            return .failure(
                RuminateError(
                    .fileUnreadable, "no answer within \(Int(timeout)) s", hint: "raise --timeout or try later"))
        }
        delegate.end(task)
        return transfer.outcome(timeout: timeout)
    }
}

/// The state of the one transfer in flight, filled in by the delegate on URLSession's queue and read by the
/// fetching thread after `done` is signalled.
final class Transfer: @unchecked Sendable {
    let limit: Int
    let destination: String
    let wantsBody: @Sendable (Int, String?) -> Bool
    let done = DispatchSemaphore(value: 0)
    var response = FetchResponse(status: 0)
    var gotResponse = false
    var stoppedOnPurpose = false
    var failure: (any Error)?
    private var file: FileHandle?

    init(limit: Int, destination: String, wantsBody: @escaping @Sendable (Int, String?) -> Bool) {
        self.limit = limit
        self.destination = destination
        self.wantsBody = wantsBody
    }

    /// Reads the headers; true when the body should be read.
    func start(with http: HTTPURLResponse) -> Bool {
        gotResponse = true
        response.status = http.statusCode
        let contentType = http.value(forHTTPHeaderField: "Content-Type")
        response.contentType = contentType.flatMap { FetchResponse.mediaType(of: $0) }
        response.charset = contentType.flatMap { FetchResponse.charset(of: $0) }
        response.etag = http.value(forHTTPHeaderField: "ETag")
        response.lastModified = http.value(forHTTPHeaderField: "Last-Modified")
        response.location = http.value(forHTTPHeaderField: "Location")
        guard wantsBody(response.status, response.contentType) else { return false }
        if http.expectedContentLength > Int64(limit) {
            response.tooLarge = true
            return false
        }
        guard FileManager.default.createFile(atPath: destination, contents: nil),
            let handle = FileHandle(forWritingAtPath: destination)
        else {
            failure = RuminateError(.storage, "cannot write \(destination)", hint: "check the folder next to the index")
            return false
        }
        file = handle
        response.bodyWritten = true
        return true
    }

    /// Appends a chunk; false once the body has passed the limit (the caller stops the transfer).
    func append(_ data: Data) -> Bool {
        guard let file, failure == nil else { return false }
        guard response.bodyBytes + data.count <= limit else {
            response.tooLarge = true
            return false
        }
        do { try file.write(contentsOf: data) } catch {
            failure = RuminateError(.storage, "cannot write \(destination)", cause: error)
            return false
        }
        response.bodyBytes += data.count
        return true
    }

    /// What went wrong, in words (URLError's own descriptions are often empty on Linux).
    static func reason(for failure: any Error, timeout: Double) -> String {
        switch (failure as? URLError)?.code {
        case .timedOut?: "no answer within \(Int(timeout)) s"
        case .cannotFindHost?, .dnsLookupFailed?: "the host name could not be resolved"
        case .cannotConnectToHost?: "the connection was refused"
        case .networkConnectionLost?: "the connection was lost"
        case .secureConnectionFailed?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?,
            .serverCertificateNotYetValid?,
            .serverCertificateHasUnknownRoot?:
            "the TLS connection failed (is the server's certificate trusted?)"
        case let code?: "the request failed (URL error \(code.rawValue))"
        case nil: "the request failed"
        }
    }

    func closeFile() {
        try? file?.close()
        file = nil
    }

    func outcome(timeout: Double) -> Result<FetchResponse, RuminateError> {
        closeFile()
        if let failure = failure as? RuminateError { return .failure(failure) }
        if let failure, !(stoppedOnPurpose && gotResponse) {
            let reason = Self.reason(for: failure, timeout: timeout)
            return .failure(
                RuminateError(
                    .fileUnreadable, reason, hint: "check the address and the network, or raise --timeout",
                    cause: failure))
        }
        guard gotResponse else { return .failure(RuminateError(.fileUnreadable, "no HTTP response")) }
        return .success(response)
    }
}

/// Routes URLSession's callbacks to the transfer of their task.
final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {  // `lock` guards `transfers`
    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]

    func begin(_ transfer: Transfer, task: URLSessionTask) {
        lock.withLock { transfers[task.taskIdentifier] = transfer }
    }

    func end(_ task: URLSessionTask) {
        _ = lock.withLock { transfers.removeValue(forKey: task.taskIdentifier) }
    }

    private func transfer(of task: URLSessionTask) -> Transfer? { lock.withLock { transfers[task.taskIdentifier] } }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)  // the crawler follows redirects itself, checking each hop
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard let transfer = transfer(of: dataTask), let http = response as? HTTPURLResponse else {
            completionHandler(.cancel)
            return
        }
        if transfer.start(with: http) {
            completionHandler(.allow)
        } else {
            transfer.stoppedOnPurpose = true
            completionHandler(.cancel)
            Self.cancelSoon(dataTask)  // corelibs ignores the disposition
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let transfer = transfer(of: dataTask), !transfer.stoppedOnPurpose else { return }
        if !transfer.append(data) {
            transfer.stoppedOnPurpose = true
            Self.cancelSoon(dataTask)
        }
    }

    /// Cancels off the delegate queue: `cancel()` waits for the session's work queue, which may be busy reading
    /// the very body being refused, and chunks keep being queued for the delegate until it returns.
    private static func cancelSoon(_ task: URLSessionTask) {
        DispatchQueue.global().async { task.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let transfer = transfer(of: task) else { return }
        if let error, transfer.failure == nil { transfer.failure = error }
        transfer.closeFile()
        transfer.done.signal()
    }
}

/// An operation queue that runs one operation at a time and makes whoever adds one wait while `pendingLimit`
/// are already waiting or running: the back-pressure URLSession lacks on Linux, so a fast server cannot fill
/// memory with body chunks the crawler will drop. Operations added from the queue itself never wait.
final class BoundedDelegateQueue: OperationQueue, @unchecked Sendable {
    private let permits: DispatchSemaphore

    init(pendingLimit: Int) {
        permits = DispatchSemaphore(value: pendingLimit)
        super.init()
        maxConcurrentOperationCount = 1
    }

    override func addOperation(_ block: @escaping @Sendable () -> Void) {
        let counted = OperationQueue.current !== self
        if counted { permits.wait() }
        super.addOperation { [permits] in
            block()
            if counted { permits.signal() }
        }
    }
}

/// FNV-1a, 64-bit: a short stable fingerprint of a URL for naming its mirror folder and copies.
enum FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    static func hash(_ bytes: UnsafeRawBufferPointer, startingAt start: UInt64 = offsetBasis) -> UInt64 {
        var hash = start
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* prime
        }
        return hash
    }

    static func hash(_ text: String) -> UInt64 {
        Array(text.utf8).withUnsafeBytes { hash($0) }
    }
}
