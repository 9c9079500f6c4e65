@testable import Charter
import Testing

/// A rulebook that restates a built-in record type merges its fields with the core ones; one
/// that restates a core field with another type is T007.
@Suite struct CoreRecordTests {
    static let restated = """
        group DAG "Design Advisory Group" {}
        record meeting {
          agenda: list of { page: number?, lead: text }
          status: one of "draft", "final"
          starts: time
        }
        rule pages {
          for meeting m
          require all item in m.agenda: (item.page ?? 0) > 0
          else "{m.group}: item {item.number} '{item.title}' ({item.lead}, {item.ends - item.starts}) has no page"
        }
        """

    @Test func restatedFieldsAreMergedWithTheCoreOnes() throws {
        let rules = CompiledRulebook(Self.restated)
        let id = try #require(rules.program.shapeByName["meeting"])
        let shape = rules.program.shapes[id.index]
        // The core fields keep their slots; the rulebook's own come after them.
        #expect(Array(shape.fieldOrder.prefix(9)) == ["group", "date", "starts", "ends", "attendees", "agenda", "actions", "decisions", "votes"])
        #expect(shape.fieldOrder.last == "status")
        #expect(shape.fields["starts"] == .time, "restated as required")
        #expect(shape.fields["ends"] == .optional(.time))
        #expect(shape.fields["status"] == .choice(["draft", "final"]))
        guard case .list(.record(let item))? = shape.fields["agenda"] else {
            Issue.record("agenda is \(String(describing: shape.fields["agenda"]))")
            return
        }
        #expect(rules.program.shapes[item.index].fieldOrder == ["number", "title", "starts", "ends", "duration", "page", "lead"])
    }

    @Test func aRuleReadsCoreAndRestatedFieldsOfOneItem() throws {
        let rules = CompiledRulebook(Self.restated)
        let json = """
            {"type": "meeting", "group": "DAG", "date": "2024-03-13", "starts": "10:00", "status": "final",
             "agenda": [
               {"number": 1, "title": "Welcome", "lead": "Chair", "starts": "10:00", "ends": "10:05", "duration": "5m", "page": 1},
               {"number": 2, "title": "Actions", "lead": "PMO", "starts": "10:05", "ends": "10:25", "duration": "20m"}
             ]}
            """
        let verdict = try rules.verdict("pages", on: json)
        #expect(verdict.outcome == .fail)
        #expect(verdict.messages == ["DAG: item 2 'Actions' (PMO, 20 minutes) has no page"])
    }

    @Test func restatedFieldsAreCheckedWhenRecordsLoad() {
        let rules = CompiledRulebook(Self.restated)
        // `starts` is now required, `lead` is required in each item, and the core `title` still is.
        #expect(rules.loadErrors(#"{"type": "meeting", "group": "DAG", "date": "2024-03-13", "status": "final"}"#)
            == ["records.json: $: the required field `starts` is missing"])
        #expect(rules.loadErrors("""
            {"type": "meeting", "group": "DAG", "date": "2024-03-13", "starts": "10:00", "status": "final",
             "agenda": [{"number": 1, "lead": "Chair", "starts": "10:00", "ends": "10:05", "duration": "5m"}]}
            """) == ["records.json: $.agenda[0]: the required field `title` is missing"])
        #expect(rules.loadErrors(#"{"type": "meeting", "group": "DAG", "date": "2024-03-13", "starts": "10:00", "status": "Final"}"#)
            == ["records.json: $.status: \"Final\" is not one of the choices; did you mean `final`?"])
    }

    @Test(arguments: [
        ("record meeting { date: text }", "`date` is a core field of `meeting` with type date, not text"),
        ("record meeting { agenda: list of { number: text } }",
         "`agenda` is a core field of `meeting` with type list of { number: number, title: text, starts: time, ends: time, duration: duration }, not list of { number: text }"),
        ("record change_request { status: number }", "`status` is a core field of `change_request` with type text, not number"),
        ("record meeting { votes: list of { vote: one of \"yes\", \"maybe\" } }", nil),
    ])
    func restatingACoreFieldWithAnotherTypeIsT007(source: String, message: String?) {
        let parsed = parse(source)
        #expect(parsed.diagnostics.isEmpty)
        let diagnostics = Checker.check(parsed.rulebook)
        #expect(diagnostics.map(\.code.id) == ["T007"])
        if let message {
            #expect(diagnostics.first?.message == message)
        }
    }

    @Test(arguments: [
        "record change_request { status: one of \"open\", \"closed\" }",
        "record meeting { starts: time, ends: time }",
        "record meeting { votes: list of { vote: one of \"yes\", \"no\" } }",
        "record impact_assessment { responses: list of { share: number } }",
    ])
    func narrowingACoreFieldIsAllowed(source: String) {
        let parsed = parse(source)
        #expect(parsed.diagnostics.isEmpty)
        #expect(Checker.check(parsed.rulebook).isEmpty)
    }
}
