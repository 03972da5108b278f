import CLibXML2
import Testing

@testable import RuminateParse

/// Trees built directly with libxml2's API, to test the walkers on shapes its parsers refuse to build
/// (they stop at 256 levels).
enum LibXMLTestTree {
    static func deepChain<T>(depth: Int, leafText: String, _ body: (xmlNodePtr) throws -> T) throws -> T {
        _ = LibXML.ready
        let document = try #require(xmlNewDoc("1.0"))
        defer { xmlFreeDoc(document) }
        let root = try #require(xmlNewNode(nil, "div"))
        xmlDocSetRootElement(document, root)
        var parent = root
        for _ in 0..<depth { parent = try #require(xmlNewChild(parent, nil, "div", nil)) }
        xmlNodeAddContent(parent, leafText)
        return try body(root)
    }
}
