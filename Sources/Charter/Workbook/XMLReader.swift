/// A minimal XML reader for the parts of a workbook: elements with attributes, text with the
/// five named entities and character references, CDATA, comments and processing instructions
/// skipped. Namespace prefixes are dropped (`x:c` is `c`). A document type declaration is
/// refused, so no entity can expand. One pass, linear in the input.
struct XMLReader {
    /// One event of the document, in order.
    enum Event {
        case start(name: String, attributes: [String: String], empty: Bool)
        case end(name: String)
        case text(String)
    }

    /// Why a part is not XML this reader takes.
    struct Failure: Error, Equatable {
        let offset: Int
        let reason: String
    }

    /// Calls `handle` for each event of `bytes`.
    static func read(_ bytes: [UInt8], _ handle: (Event) throws(Failure) -> Void) throws(Failure) {
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">")
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            guard let first = pattern.first else { return start }
            var at = start
            while at + pattern.count <= bytes.count {
                if bytes[at] == first, bytes[at..<(at + pattern.count)].elementsEqual(pattern) { return at }
                at += 1
            }
            return nil
        }
        while index < bytes.count {
            if bytes[index] != lt {
                var end = index
                while end < bytes.count, bytes[end] != lt { end += 1 }
                try handle(.text(try decodeText(bytes[index..<end], at: index)))
                index = end
                continue
            }
            let rest = bytes[index...]
            if rest.starts(with: Array("<?".utf8)) {
                guard let end = find(Array("?>".utf8), from: index + 2) else { throw Failure(offset: index, reason: "an unclosed `<?`") }
                index = end + 2
            } else if rest.starts(with: Array("<!--".utf8)) {
                guard let end = find(Array("-->".utf8), from: index + 4) else { throw Failure(offset: index, reason: "an unclosed comment") }
                index = end + 3
            } else if rest.starts(with: Array("<![CDATA[".utf8)) {
                guard let end = find(Array("]]>".utf8), from: index + 9) else { throw Failure(offset: index, reason: "an unclosed CDATA section") }
                try handle(.text(String(decoding: bytes[(index + 9)..<end], as: UTF8.self)))
                index = end + 3
            } else if rest.starts(with: Array("<!".utf8)) {
                throw Failure(offset: index, reason: "a document type declaration, which a workbook part does not have")
            } else {
                var end = index + 1
                var quote: UInt8?
                while end < bytes.count {
                    let byte = bytes[end]
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == gt {
                        break
                    }
                    end += 1
                }
                guard end < bytes.count else { throw Failure(offset: index, reason: "an unclosed tag") }
                try handle(try tag(bytes[(index + 1)..<end], at: index))
                index = end + 1
            }
        }
    }

    /// The event of the tag between `<` and `>`.
    static func tag(_ body: ArraySlice<UInt8>, at offset: Int) throws(Failure) -> Event {
        var body = body
        if body.first == UInt8(ascii: "/") {
            return .end(name: localName(body.dropFirst().prefix { !isSpace($0) }))
        }
        var empty = false
        if body.last == UInt8(ascii: "/") {
            empty = true
            body = body.dropLast()
        }
        let name = localName(body.prefix { !isSpace($0) })
        var attributes: [String: String] = [:]
        var at = body.startIndex + body.prefix { !isSpace($0) }.count
        while at < body.endIndex {
            while at < body.endIndex, isSpace(body[at]) { at += 1 }
            guard at < body.endIndex else { break }
            let nameStart = at
            while at < body.endIndex, body[at] != UInt8(ascii: "="), !isSpace(body[at]) { at += 1 }
            let attribute = localName(body[nameStart..<at])
            while at < body.endIndex, isSpace(body[at]) { at += 1 }
            guard at < body.endIndex, body[at] == UInt8(ascii: "=") else { throw Failure(offset: offset, reason: "an attribute without a value") }
            at += 1
            while at < body.endIndex, isSpace(body[at]) { at += 1 }
            guard at < body.endIndex, body[at] == UInt8(ascii: "\"") || body[at] == UInt8(ascii: "'") else {
                throw Failure(offset: offset, reason: "an attribute value without quotes")
            }
            let quote = body[at]
            at += 1
            let valueStart = at
            while at < body.endIndex, body[at] != quote { at += 1 }
            guard at < body.endIndex else { throw Failure(offset: offset, reason: "an unclosed attribute value") }
            attributes[attribute] = try decodeText(body[valueStart..<at], at: offset)
            at += 1
        }
        return .start(name: name, attributes: attributes, empty: empty)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// `x:c` as `c`; `r:id` keeps its prefix, since `id` alone is another attribute.
    static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        let name = String(decoding: bytes, as: UTF8.self)
        if name.hasPrefix("r:") { return name }
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// Text with its entity and character references replaced.
    static func decodeText(_ bytes: ArraySlice<UInt8>, at offset: Int) throws(Failure) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = bytes.startIndex
        while at < bytes.endIndex {
            let byte = bytes[at]
            guard byte == UInt8(ascii: "&") else {
                out.append(byte)
                at += 1
                continue
            }
            guard let semicolon = bytes[at...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Failure(offset: offset, reason: "an `&` that starts no reference")
            }
            let reference = String(decoding: bytes[(at + 1)..<semicolon], as: UTF8.self)
            switch reference {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let number: UInt32?
                if reference.hasPrefix("#x") || reference.hasPrefix("#X") {
                    number = UInt32(reference.dropFirst(2), radix: 16)
                } else if reference.hasPrefix("#") {
                    number = UInt32(reference.dropFirst())
                } else {
                    number = nil
                }
                guard let number, let scalar = Unicode.Scalar(number) else {
                    throw Failure(offset: offset, reason: "an unknown reference `&\(reference);`")
                }
                out += Array(String(Character(scalar)).utf8)
            }
            at = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
