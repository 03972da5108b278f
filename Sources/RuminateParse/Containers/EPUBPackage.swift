internal import CLibXML2
import RuminateCore

/// What an EPUB says about itself: `META-INF/container.xml` names the package document (OPF), whose
/// metadata gives title, authors and language, whose spine gives the reading order, and whose table of
/// contents (the EPUB 3 navigation document, else the EPUB 2 NCX) gives chapter titles.
///
/// Every reference resolves through `ArchivePath`, so it can only name an entry of the archive: a
/// manifest item pointing at `../../etc/passwd` or `/etc/passwd` is ignored with a warning.
struct EPUBPackage {
    struct SpineItem: Equatable {
        /// The entry name of the chapter's file.
        var path: String
        var mediaType: String?
    }

    struct ManifestItem {
        var path: String
        var mediaType: String?
        var properties: [Substring]
    }

    var title: String?
    var metadata: [String: String] = [:]
    var spine: [SpineItem] = []
    /// The first table-of-contents label that points into each file, by entry name.
    var tocTitles: [String: String] = [:]
    /// Entries encrypted by DRM (`META-INF/encryption.xml`; obfuscated fonts do not count).
    var encryptedPaths: Set<String> = []

    /// Font obfuscation (IDPF, Adobe) is the one encryption a readable EPUB may carry.
    static let fontObfuscationAlgorithms: Set<String> = [
        "http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC",
    ]

    static func read(from archive: inout ZipArchive) throws(RuminateError) -> EPUBPackage {
        let opfPath = try packagePath(in: &archive)
        let opf = try archive.requiredXML(opfPath, format: "EPUB")
        let opfFolder = ArchivePath.folder(of: opfPath)
        var package = EPUBPackage()
        package.encryptedPaths = try encryptedPaths(in: &archive)
        var manifest: [String: ManifestItem] = [:]
        // The spine's `toc` attribute names the NCX.
        let ncxID = opf.withRoot { root in
            if let metadata = ContainerXML.child(root, "metadata") {
                (package.title, package.metadata) = ContainerXML.dublinCore(below: metadata)
            }
            for item in ContainerXML.child(root, "manifest").map(ContainerXML.children) ?? [] {
                guard ContainerXML.localName(item) == "item", let id = ContainerXML.attribute(item, "id"),
                    let href = ContainerXML.attribute(item, "href")
                else { continue }
                guard let path = ArchivePath.resolve(href, from: opfFolder) else {
                    archive.warn("manifest item \(id) points outside the archive (\(href.debugDescription)); ignored")
                    continue
                }
                let properties = ContainerXML.attribute(item, "properties")?.split(separator: " ") ?? []
                manifest[id] = ManifestItem(
                    path: path, mediaType: ContainerXML.attribute(item, "media-type"), properties: properties)
            }
            let spine = ContainerXML.child(root, "spine")
            for itemref in spine.map(ContainerXML.children) ?? [] where ContainerXML.localName(itemref) == "itemref" {
                guard let id = ContainerXML.attribute(itemref, "idref"), let item = manifest[id] else { continue }
                package.spine.append(SpineItem(path: item.path, mediaType: item.mediaType))
            }
            return spine.flatMap { ContainerXML.attribute($0, "toc") }
        }
        if package.spine.isEmpty { archive.warn("the package document lists no readable spine items") }

        if let nav = manifest.values.first(where: { $0.properties.contains("nav") }) {
            package.tocTitles = try navigationTitles(nav.path, in: &archive)
        }
        if package.tocTitles.isEmpty {
            let ncx =
                ncxID.flatMap { manifest[$0] } ?? manifest.values.first { $0.mediaType == "application/x-dtbncx+xml" }
            if let ncx { package.tocTitles = try ncxTitles(ncx.path, in: &archive) }
        }
        return package
    }

    /// The `full-path` of the first OPF `rootfile` in `META-INF/container.xml`.
    static func packagePath(in archive: inout ZipArchive) throws(RuminateError) -> String {
        let container = try archive.requiredXML("META-INF/container.xml", format: "EPUB")
        let fullPath = container.withRoot { root in
            let rootfiles = ContainerXML.descendants(root, "rootfile")
            let chosen =
                rootfiles.first { ContainerXML.attribute($0, "media-type") == "application/oebps-package+xml" }
                ?? rootfiles.first
            return chosen.flatMap { ContainerXML.attribute($0, "full-path") }
        }
        guard let fullPath else {
            throw RuminateError(
                .malformedInput, "\(archive.partName("META-INF/container.xml")) names no package document",
                hint: "the EPUB is malformed")
        }
        // `full-path` is relative to the archive's root, so a leading "/" still names an entry.
        let relative = fullPath.hasPrefix("/") ? String(fullPath.dropFirst()) : fullPath
        guard let path = ArchivePath.resolve(relative, from: "") else {
            throw RuminateError(
                .hostileInput,
                "\(archive.sourceName): the package document path \(fullPath.debugDescription) points outside the archive",
                hint: "the EPUB is malformed or hostile; it is not indexed")
        }
        return path
    }

    /// The entries `META-INF/encryption.xml` lists as encrypted with anything but font obfuscation.
    static func encryptedPaths(in archive: inout ZipArchive) throws(RuminateError) -> Set<String> {
        guard let encryption = try archive.optionalXML("META-INF/encryption.xml") else { return [] }
        return encryption.withRoot { root in
            var paths: Set<String> = []
            for data in ContainerXML.descendants(root, "EncryptedData") {
                let algorithm = ContainerXML.descendants(data, "EncryptionMethod").first.flatMap {
                    ContainerXML.attribute($0, "Algorithm")
                }
                guard !fontObfuscationAlgorithms.contains(algorithm ?? "") else { continue }
                for reference in ContainerXML.descendants(data, "CipherReference") {
                    if let uri = ContainerXML.attribute(reference, "URI"), let path = ArchivePath.resolve(uri, from: "")
                    {
                        paths.insert(path)
                    }
                }
            }
            return paths
        }
    }

    /// Labels of the EPUB 3 navigation document's table of contents (`nav epub:type="toc"`, else its
    /// first `nav`), by the entry each link points into.
    static func navigationTitles(_ path: String, in archive: inout ZipArchive) throws(RuminateError) -> [String: String]
    {
        guard let nav = try archive.optionalXML(path) else { return [:] }
        return nav.withRoot { root in
            let navs = ContainerXML.descendants(root, "nav")
            let toc =
                navs.first { ContainerXML.attribute($0, "type")?.split(separator: " ").contains("toc") == true }
                ?? navs.first
            guard let toc else { return [:] }
            var titles: [String: String] = [:]
            for link in ContainerXML.descendants(toc, "a") {
                guard let href = ContainerXML.attribute(link, "href"), let label = ContainerXML.text(link),
                    let target = ArchivePath.resolve(href, from: ArchivePath.folder(of: path)), titles[target] == nil
                else { continue }
                titles[target] = label
            }
            return titles
        }
    }

    /// Labels of the EPUB 2 NCX's `navPoint`s, in document order, by the entry each points into.
    static func ncxTitles(_ path: String, in archive: inout ZipArchive) throws(RuminateError) -> [String: String] {
        guard let ncx = try archive.optionalXML(path) else { return [:] }
        return ncx.withRoot { root in
            var titles: [String: String] = [:]
            for point in ContainerXML.descendants(root, "navPoint") {
                guard let label = ContainerXML.child(point, "navLabel").flatMap(ContainerXML.text),
                    let source = ContainerXML.child(point, "content").flatMap({ ContainerXML.attribute($0, "src") }),
                    let target = ArchivePath.resolve(source, from: ArchivePath.folder(of: path)), titles[target] == nil
                else { continue }
                titles[target] = label
            }
            return titles
        }
    }
}
