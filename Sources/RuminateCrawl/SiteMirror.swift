import Foundation
import RuminateCore

/// The crawled copy of one site, kept next to the index so re-crawls can ask "changed since?" and the file
/// pipeline can index pages like files: `<root>/<site id>/manifest.json` and `<root>/<site id>/pages/`.
///
/// A changed page gets a new copy (`<url hash>-<random>.<ext>`), so the copy a manifest entry names never
/// changes under it. Bodies are downloaded to temporary
/// files and renamed; the manifest is written last (temporary file, then rename) and only then are copies
/// it no longer names removed. A kill at any point leaves the last manifest with every copy it names.
struct SiteMirror {
    struct Entry: Codable, Hashable, Sendable {
        /// The page's identity: its canonical URL, or the URL its redirects ended at.
        var url: String
        /// The URL that answered (after redirects): where the next crawl sends its conditional request.
        var fetched: String
        var file: String
        var contentType: String?
        /// The charset the server declared for the page (Content-Type), which wins over the page's own.
        var charset: String?
        var etag: String?
        var lastModified: String?
        var bytes: Int
        var fetchedAt: Double
    }

    struct Manifest: Codable, Sendable {
        var version = 1
        var start: String
        var complete: Bool
        var pages: [Entry]
    }

    let root: String
    let folder: String
    var pagesFolder: String { folder + "/pages" }
    var manifestPath: String { folder + "/manifest.json" }

    init(root: String, start: WebURL) {
        self.root = root
        self.folder = root + "/" + Self.siteID(start)
    }

    /// Readable and unique per start URL: "wiki.example.com_8080-1f2e3d4c5b6a7988".
    static func siteID(_ start: WebURL) -> String {
        let host = start.host.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        let port = start.port.map { "_\($0)" } ?? ""
        return String(host) + port + "-" + String(FNV1a.hash(start.string), radix: 16)
    }

    func prepare() throws(RuminateError) {
        do {
            try FileManager.default.createDirectory(atPath: pagesFolder, withIntermediateDirectories: true)
        } catch {
            throw RuminateError(
                .storage, "cannot create the site mirror \(folder)", hint: "check the folder next to the index",
                cause: error)
        }
    }

    /// The last complete manifest; nil when there is none or it cannot be read (the crawl then starts afresh).
    func loadManifest() -> Manifest? {
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    func save(_ manifest: Manifest) throws(RuminateError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            // `.atomic` writes a temporary file and renames it over the manifest.
            try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
        } catch {
            throw RuminateError(
                .storage, "cannot write \(manifestPath)", hint: "check the folder next to the index", cause: error)
        }
    }

    func temporaryPath() -> String {
        pagesFolder + "/.download-" + UUID().uuidString
    }

    func path(of file: String) -> String { pagesFolder + "/" + file }

    func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: path(of: file)) }

    /// Moves a finished download into place. When it holds the same bytes as the page's previous copy, the
    /// download is dropped and the previous copy (and its mtime, so indexing sees it unchanged) kept; otherwise it
    /// becomes a new copy, `<url hash>-<random>.<ext>`, and the previous one stays until the manifest drops it.
    func commit(download: String, url: String, previous: String?, fileExtension: String) throws(RuminateError) -> String
    {
        if let previous, previous.hasSuffix("." + fileExtension),
            FileManager.default.contentsEqual(atPath: path(of: previous), andPath: download)
        {
            try? FileManager.default.removeItem(atPath: download)
            return previous
        }
        let random = UInt64.random(in: 0...UInt64.max)
        let name = String(FNV1a.hash(url), radix: 16) + "-" + String(random, radix: 16) + "." + fileExtension
        do {
            try FileManager.default.moveItem(atPath: download, toPath: path(of: name))
        } catch {
            throw RuminateError(.storage, "cannot move a download into \(pagesFolder)", cause: error)
        }
        return name
    }

    /// Removes every copy and leftover download the manifest does not name.
    func removeFiles(notIn keep: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: pagesFolder) else { return }
        for name in names where !keep.contains(name) { try? FileManager.default.removeItem(atPath: path(of: name)) }
    }

    /// The pages the other sites' manifests under the same root hold.
    func otherSitesPages() -> Set<String> {
        guard let sites = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        var pages = Set<String>()
        for site in sites where root + "/" + site != folder {
            guard let data = FileManager.default.contents(atPath: root + "/" + site + "/manifest.json"),
                let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
            else { continue }
            pages.formUnion(manifest.pages.map(\.url))
        }
        return pages
    }
}
