/// The functions on numbers: whole numbers from fractions, and magnitudes. Each is exact (see
/// Rational+Rounding.swift) and takes one argument.
public enum NumberFunction: String, CaseIterable, Sendable {
    /// `floor(x)`: the greatest whole number not above `x` (`floor(-2.5)` is -3).
    case floor
    /// `ceil(x)`: the least whole number not below `x` (`ceil(7 / 2)` is 4).
    case ceil
    /// `round(x)`: the nearest whole number, halves away from zero (`round(2.5)` is 3).
    case round
    /// `abs(x)`: `x` without its sign, for a number or a duration.
    case abs

    var signature: String { self == .abs ? "abs(number or duration)" : "\(rawValue)(number)" }

    /// The function's value on a number.
    func apply(_ x: Rational) -> Rational {
        switch self {
        case .floor: x.floor
        case .ceil: x.ceiling
        case .round: x.rounded
        case .abs: x.magnitude
        }
    }

    /// Every function a rule may call, as help texts list them.
    static var allSignatures: [String] {
        allCases.map(\.signature) + ["min(a, b, …)", "max(a, b, …)"] + BuiltinFunction.allCases.map(\.signature)
    }
}

extension TypeChecker {
    /// `floor(x)`, `ceil(x)`, `round(x)`, `abs(x)`: one number (or for `abs` a duration), whose
    /// type the result has.
    mutating func numberCall(_ function: NumberFunction, _ name: Identifier, _ arguments: [Expr], in scope: Scope) -> CharterType {
        recorder.refer(name, to: builtInFunctions[name.text])
        let found = arguments.map { value($0, in: scope) }
        let allowed: [CharterType] = function == .abs ? [.number, .duration] : [.number]
        if found.count == 1, let only = found.first, only.isUnknown || allowed.contains(only) {
            return only.isUnknown ? .number : only
        }
        var help = "write `\(function.rawValue)(x)` of one number"
        if function != .abs, found.first == .duration {
            help = "a duration is a whole number of its unit already; to round a fraction of one, divide and round the number: `\(function.rawValue)(n / 2) * 1 day`"
        } else if found.count > 1 {
            help = "`\(function.rawValue)` takes one number; `min(a, b, …)` and `max(a, b, …)` take several"
        }
        report(.wrongArguments, "`\(function.rawValue)` takes \(function.signature), not (\(found.map(\.description).joined(separator: ", ")))",
               at: name.span.through(arguments.last?.span ?? name.span), help: help)
        return .unknown
    }
}
