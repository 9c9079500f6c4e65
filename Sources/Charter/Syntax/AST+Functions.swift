/// `def name(param: type, …) = expression`: a named function rules, messages, quorums,
/// thresholds and transitions may call. A parameter's type is declared, or taken from the
/// first call of the function; the body sees its parameters only.
public struct FunctionDecl: Sendable {
    /// `name` or `name: type`.
    public struct Parameter: Sendable {
        public let name: Identifier
        public let type: TypeExpr?
    }

    public let name: Identifier
    public let parameters: [Parameter]
    public let body: Expr
    /// From `def` through the body.
    public let span: SourceSpan
}
