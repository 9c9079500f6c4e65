@testable import Charter
import Testing

/// A formatter finds the comments of a declaration or a clause in the rulebook: those on their
/// own lines above a declaration, those inside its body, and the one that ends a clause's line.
@Suite struct RulebookCommentsTests {
    static let source = """
        # Roles of the programme.
        role SRO "Senior Responsible Owner"  # the sponsor's

        # The freeze.
        # Two lines of it.
        rule change_freeze "Change Freeze" {
          for change_request cr
          # only defects and M10
          require cr.fixes_defect or cr.critical_to_m10  # as the pack says
          else "{cr.id} is frozen"   # shown per record
        }
        # trailing the file
        """

    struct NoRule: Error {}

    static func rule(_ rulebook: Rulebook) throws -> RuleDecl {
        for case .rule(let rule) in rulebook.declarations { return rule }
        throw NoRule()
    }

    @Test func theCommentsAboveADeclarationAreItsLeadingComments() throws {
        let parsed = parse(Self.source)
        #expect(parsed.diagnostics.isEmpty)
        let declarations = parsed.rulebook.declarations
        #expect(parsed.rulebook.leadingComments(of: declarations[0]).map(\.text) == ["# Roles of the programme."])
        // The role's trailing comment is the role's, not the rule's.
        #expect(parsed.rulebook.leadingComments(of: declarations[1]).map(\.text) == ["# The freeze.", "# Two lines of it."])
        #expect(parsed.rulebook.trailingComment(of: declarations[0].span)?.text == "# the sponsor's")
    }

    @Test func theCommentsOfAClauseAreInsideItsDeclarationAndAtTheEndOfItsLine() throws {
        let parsed = parse(Self.source)
        let rule = try Self.rule(parsed.rulebook)
        #expect(parsed.rulebook.comments(within: rule.span).map(\.text)
                == ["# only defects and M10", "# as the pack says", "# shown per record"])
        guard case .require(let condition, let message?) = rule.clauses[0] else {
            Issue.record("\(rule.clauses)")
            return
        }
        #expect(parsed.rulebook.trailingComment(of: condition.span)?.text == "# as the pack says")
        #expect(parsed.rulebook.trailingComment(of: message.span)?.text == "# shown per record")
        // `cr.fixes_defect` does not end its line: the comment there is not its own.
        guard case .binary(.or, let left, _) = condition.kind else {
            Issue.record("\(condition.kind)")
            return
        }
        #expect(parsed.rulebook.trailingComment(of: left.span) == nil)
        #expect(parsed.rulebook.comments(in: rule.span.file).last?.text == "# trailing the file")
        #expect(parsed.rulebook.comments(in: FileID(rule.span.file.index + 1)).isEmpty)
    }

    @Test func commentsStayWithTheirFilesWhenRulebooksAreJoinedOrRedefined() throws {
        var loaded = RulebookLoader.Result()
        RulebookLoader().load(text: "# first\nrole A \"A\"\n", path: "a.charter", into: &loaded)
        RulebookLoader().load(text: "role B \"B\" # second\n", path: "b.charter", into: &loaded)
        #expect(loaded.rulebook.comments.map(\.text) == ["# first", "# second"])
        #expect(loaded.rulebook.comments.map(\.span.file) == [FileID(0), FileID(1)])
        let what = loaded.files.add(path: "what-if", text: "# new A\nrole A \"Another A\"\n")
        let (redefined, _) = loaded.rulebook.redefined(by: Parser.parse(what).rulebook)
        #expect(redefined.comments.map(\.text) == ["# first", "# second", "# new A"])
        #expect(redefined.leadingComments(of: redefined.declarations[0]).map(\.text) == ["# new A"])
    }
}
