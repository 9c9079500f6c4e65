/// The fields every rulebook's built-in record types have, written in Charter itself. A
/// rulebook's own `record change_request { … }` adds fields to these, and may restate a core
/// field more precisely (a `one of` for `text`, a required value for an optional one, a nested
/// record with more fields), but not change its type.
public enum CoreRecords {
    public static let source = """
        record change_request {
          id: text
          title: text
          raiser: text
          raised: date
          status: text
          history: list of { date: date  step: text  by: text?  outcome: text?  note: text? }
        }
        record meeting {
          group: group
          date: date
          starts: time?
          ends: time?
          attendees: list of { constituency: text  name: text?  present: bool  arrives: time?  leaves: time? }
          agenda: list of { number: number  title: text  starts: time  ends: time  duration: duration }
          actions: list of { ref: text  owner: text  due: date  status: text }
          decisions: list of { number: number  title: text }
          votes: list of { decision: number  voter: text  vote: one of "yes", "no", "abstain"  at: time? }
        }
        record impact_assessment {
          cr: text
          responses: list of { party: text  constituency: text  response: one of "yes", "no", "abstain", "no_reply"  share: number? }
        }
        record group {
          name: text
          title: text?
          level: number?
          reports_to: group?
          chair: text?
          decides: bool
          advises: bool
          attendance: text?
          status: text?
          seats: list of seat
          members: list of member
          seat_count: number
          filled_seats: number
          member_count: number
        }
        record seat {
          constituency: constituency
          count: number
          vacant: number
          filled: number
          state: text?
          note: text?
        }
        record member {
          name: text
          title: text?
        }
        record role {
          name: text
          title: text?
        }
        record constituency {
          name: text
          title: text?
        }
        record level {
          number: number
          title: text?
        }
        record tally {
          yes: number
          no: number
          abstain: number
          not_voted: number
          ineligible: list of text
        }
        """

    /// The core `record` declarations, by type name: parsed once, as they never change.
    static func declarations() -> [String: RecordDecl] { parsed }

    private static let parsed: [String: RecordDecl] = {
        var files = SourceFiles()
        let parsed = Parser.parse(files.add(path: "<core records>", text: source))
        var records: [String: RecordDecl] = [:]
        for case .record(let record) in parsed.rulebook.declarations { records[record.name.text] = record }
        return records
    }()
}
