/// The type of a Charter value, as the checker infers it from record declarations.
public indirect enum CharterType: Hashable, Sendable, CustomStringConvertible {
    case text, number, bool, date, time, duration
    /// `one of "yes", "no"`: text restricted to the choices.
    case choice([String])
    case list(CharterType)
    case optional(CharterType)
    /// A record shape, by its index in the checker's table of shapes.
    case record(RecordShape.ID)
    /// The type of an expression that already has an error: no further error is reported on it.
    case unknown

    /// How the type reads in a message: `text`, `list of date`, `date?`, `record change_request`.
    public var description: String {
        switch self {
        case .text: "text"
        case .number: "number"
        case .bool: "bool"
        case .date: "date"
        case .time: "time"
        case .duration: "duration"
        case .choice(let choices): "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
        case .list(let element): "list of \(element)"
        case .optional(let wrapped): "\(wrapped)?"
        case .record(let id): id.name.map { "record `\($0)`" } ?? "nested record"
        case .unknown: "unknown"
        }
    }

    /// `one of` values behave as text everywhere but in their own checks.
    var widened: CharterType {
        switch self {
        case .choice: .text
        case .list(let element): .list(element.widened)
        case .optional(let wrapped): .optional(wrapped.widened)
        default: self
        }
    }

    var isUnknown: Bool { self == .unknown }

    var isOptional: Bool { if case .optional = self { true } else { false } }
}

/// The fields of a record type: a declared `record`, or a nested `{ … }` inside one.
public struct RecordShape: Sendable, Equatable {
    /// Identifies a shape: its index, and its name when it has one (for messages).
    public struct ID: Hashable, Sendable {
        public let index: Int
        public let name: String?
    }

    public let id: ID
    public var fields: [String: CharterType] = [:]
    /// Field names in declaration order, for suggestions that do not depend on hashing.
    public var fieldOrder: [String] = []
    /// The slot of each field in a `RecordValue`: its place in `fieldOrder`.
    public var slots: [String: Int] = [:]
    /// The headers a field declares it is read from (`from "Fixes defect?"`), by field name.
    public var headers: [String: [String]] = [:]
    /// For a declaration record type (`group`, `role`, …), the value of each declaration by
    /// name: what a field of this type is read against. Nil for every other shape.
    public var instances: [String: Value]?
}
