extension Parser {
    /// function = "def" NAME "(" [ parameter { "," parameter } ] ")" "=" expression ;
    /// parameter = NAME [ ":" type ] ;
    mutating func parseFunction() throws -> FunctionDecl {
        let keyword = advance()
        let name = try expectName("a function name")
        let shape = "write `def \(name.text)(x, y: number) = expression`"
        guard check(.leftParen) else { throw fail(expected: "`(` and the function's parameters", help: shape) }
        let open = advance()
        var parameters: [FunctionDecl.Parameter] = []
        if !check(.rightParen) {
            repeat {
                let parameter = try expectName("a parameter name")
                let type = match(.colon) ? try parseType() : nil
                parameters.append(FunctionDecl.Parameter(name: parameter, type: type))
            } while match(.comma)
        }
        _ = try expectClosing(.rightParen, opener: open)
        _ = try expect(.assign, "after the parameters of `\(name.text)`", help: shape)
        let body = try parseExpression()
        return FunctionDecl(name: name, parameters: parameters, body: body, span: keyword.span.through(body.span))
    }
}
