extension ExpressionCompiler {
    /// `floor(x)`, `ceil(x)`, `round(x)`, `abs(x)`, whose one argument the checker has typed.
    mutating func numberCall(_ function: NumberFunction, _ arguments: [Expr], at span: SourceSpan) -> ValueNode {
        guard arguments.count == 1, let argument = arguments.first else {
            return unresolvable("`\(function.rawValue)` takes one argument", at: span)
        }
        let node = value(argument)
        return { frame in
            switch try node(frame) {
            case .number(let x):
                return .number(function.apply(x))
            case .duration(let n, let unit) where function == .abs:
                guard n != .min else { throw ValueOperations.overflow(at: span) }
                return .duration(Swift.abs(n), unit)
            case .absent:
                throw ValueOperations.absent(at: span)
            case let other:
                throw EvaluationError(.unexpectedValue, "`\(function.rawValue)` of \(other.kindName)", at: span)
            }
        }
    }
}
