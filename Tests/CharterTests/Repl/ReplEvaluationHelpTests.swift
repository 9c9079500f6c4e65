@testable import Charter
import Testing

/// The help under an input that cannot be evaluated says whether the records are the cause.
extension ReplSessionTests {
    @Test func anInputThatReadsNoRecordIsNotBlamedOnThem() throws {
        try Self.session { session, _ in
            let literal = session.handle("1 / 0")
            #expect(literal.contains("error[E004]"))
            #expect(literal.contains("whatever the records hold"))
            #expect(!literal.contains("depends on the records"))
            #expect(session.handle("let x = 7 in x % 0").contains("whatever the records hold"))
            let reading = session.handle("count(cr in change_requests) / 0")
            #expect(reading.contains("error[E004]"))
            #expect(reading.contains("depends on the records"))
            #expect(session.handle("1 month > 30 days").contains("error[T002]"))
        }
    }

    @Test func theDoneWhenTranscriptOfTheNewExpressions() throws {
        try Self.session { session, _ in
            #expect(session.handle("count(x in [1, 2, 3]: x > 1)") == "2  : number\n")
            #expect(session.handle("if 1 < 2 then 10 else 20") == "10  : number\n")
            #expect(session.handle("7 % 3") == "1  : number\n")
            #expect(session.handle("min(3, 1, 2)") == "1  : number\n")
            #expect(session.handle("ceil(count(cr in change_requests) / 3)") == "1  : number\n")
        }
    }
}
