import Charter

/// Reading the members of LSP messages.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let members, _) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringValue: String? {
        guard case .string(let text, _) = self else { return nil }
        return text
    }

    /// A whole number that fits in `Int`.
    var intValue: Int? {
        guard case .number(_, let written, _) = self else { return nil }
        return Int(written)
    }

    var boolValue: Bool? {
        guard case .bool(let value, _) = self else { return nil }
        return value
    }

    var arrayValue: [JSONValue]? {
        guard case .array(let elements, _) = self else { return nil }
        return elements
    }

    /// The value written back as `JSON`, for echoing a request's `id`.
    var json: JSON {
        switch self {
        case .object(let members, _): .object(members.map { ($0.key, $0.value.json) })
        case .array(let elements, _): .array(elements.map(\.json))
        case .string(let text, _): .string(text)
        case .number(_, let written, _): Int(written).map(JSON.integer) ?? .string(written)
        case .bool(let value, _): .bool(value)
        case .null: .null
        }
    }
}
