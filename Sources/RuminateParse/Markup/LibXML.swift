internal import CLibXML2

/// Small helpers over libxml2's tree, shared by the HTML and XML extractors.
enum LibXML {
    /// libxml2 must be initialised once, before any thread parses. This also installs an external-entity
    /// loader that refuses everything, so no DTD or entity is ever read from a file or the network,
    /// whatever options a parse uses.
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// The node's name, lowercased (HTML names already are; XML matching is case-insensitive here).
    static func lowercasedName(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    /// The value of attribute `name`, or nil.
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { ruminate_xmlFree(value) }
        return String(cString: value)
    }

    /// Calls `body` with the UTF-8 bytes of a text node's content.
    static func withContent(_ node: xmlNodePtr, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let content = node.pointee.content else { return }
        body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
    }

    /// Appends a text node's content: line by line when `preformatted`, else collapsed as inline text.
    static func appendText(of node: xmlNodePtr, preformatted: Bool, into assembler: inout TextAssembler) {
        withContent(node) { content in
            if preformatted {
                assembler.appendPreformatted(utf8: content)
            } else {
                assembler.appendInline(utf8: content)
            }
        }
    }

    /// Whether a text node holds anything but whitespace.
    static func hasNonWhitespaceText(_ node: xmlNodePtr) -> Bool {
        guard var pointer = node.pointee.content else { return false }
        while pointer.pointee != 0 {
            switch pointer.pointee {
            case 0x20, 0x09, 0x0A, 0x0D: pointer += 1
            default: return true
            }
        }
        return false
    }

    /// All text below `root`, whitespace collapsed (for titles and meta values).
    static func collapsedText(_ root: xmlNodePtr) -> String {
        var assembler = TextAssembler()
        var entityBudget = 4096
        walk(root) { node in
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE {
                withContent(node) { assembler.appendInline(utf8: $0) }
            } else if node.pointee.type == XML_ENTITY_REF_NODE {
                appendSafeEntityText(node, preformatted: false, budget: &entityBudget, into: &assembler)
            }
            return node.pointee.type == XML_ELEMENT_NODE
        } exit: { _ in
        }
        return assembler.finish().text
    }

    /// Visits the subtree of `root` depth-first, without recursion (documents can nest 100k deep).
    /// `enter` returns whether to descend; `exit` is called for every node whose `enter` returned true,
    /// after its children. Entity references are never descended into.
    static func walk(_ root: xmlNodePtr, enter: (xmlNodePtr) -> Bool, exit: (xmlNodePtr) -> Void) {
        var current = root
        var entered = enter(root)
        while true {
            if entered, current.pointee.type != XML_ENTITY_REF_NODE, let child = current.pointee.children {
                current = child
                entered = enter(child)
                continue
            }
            if entered { exit(current) }
            while true {
                if current == root { return }
                if let next = current.pointee.next {
                    current = next
                    entered = enter(next)
                    break
                }
                guard let parent = current.pointee.parent else { return }
                current = parent
                exit(current)
            }
        }
    }

    /// An entity reference contributes its replacement text only when that text is a plain internal
    /// string (no markup, no further references): external entities are never read, and nested
    /// references are never expanded, so neither XXE nor entity bombs can reach the text.
    /// `budget` bounds the bytes all references of one document may add, so a short entity referenced
    /// a million times cannot blow up the text.
    static func appendSafeEntityText(
        _ node: xmlNodePtr, preformatted: Bool, budget: inout Int, into assembler: inout TextAssembler
    ) {
        guard let declaration = node.pointee.children, declaration.pointee.type == XML_ENTITY_DECL else { return }
        let entity = UnsafeMutableRawPointer(declaration).assumingMemoryBound(to: xmlEntity.self)
        guard entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY, let content = entity.pointee.content else { return }
        let buffer = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
        guard !buffer.contains(0x26), !buffer.contains(0x3C) else { return }  // '&', '<'
        guard buffer.count <= budget else {
            budget = -1  // exhausted: later references are left out too, even short ones
            return
        }
        budget -= buffer.count
        if preformatted { assembler.appendPreformatted(utf8: buffer) } else { assembler.appendInline(utf8: buffer) }
    }
}
