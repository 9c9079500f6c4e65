import Foundation

/// One self-contained HTML page for sharing before a meeting: the governance chart, the
/// register of records with each outcome and its reasons (a table that sorts and filters in
/// the page, with no server), where each record stands in each process with deadlines and
/// overdue marks, the next meetings of each group, and the date and rulebook it came from.
///
/// Nothing is fetched: styles, the script and the chart are in the page. Headings and tables
/// with `<th scope>` carry the structure; an overdue step says "overdue" in words as well as
/// colour; the page prints without the filter box.
public struct HTMLReport: Sendable {
    /// Where one record stands in one process.
    public struct Position: Sendable {
        public let record: String
        public let status: ProcessStatus
        public let stepTitle: String?

        public init(record: String, status: ProcessStatus, stepTitle: String?) {
            self.record = record
            self.status = status
            self.stepTitle = stepTitle
        }
    }

    /// A group's next meeting on or after the report's date, if it has one in range.
    public struct NextMeeting: Sendable {
        public let group: String
        public let title: String?
        public let meeting: Meeting?

        public init(group: String, title: String?, meeting: Meeting?) {
            self.group = group
            self.title = title
            self.meeting = meeting
        }
    }

    /// An action of a meeting record (the core `meeting` type's `actions`) past its due date
    /// and not closed.
    public struct OverdueAction: Sendable, Equatable {
        public let record: String
        public let ref: String
        public let owner: String
        public let due: CivilDate
        public let status: String
    }

    /// The actions of `records` (meetings) due before `asOf` whose status does not end in
    /// `closed`, `complete`, `completed` or `done` (any case): `ONGOING` is open,
    /// `RECOMMEND CLOSED` and `CLOSED` are not. Records of other types have no actions.
    public static func overdueActions(in records: [(id: String, value: RecordValue)], shapes: [RecordShape], asOf: CivilDate) -> [OverdueAction] {
        func shape(_ value: RecordValue) -> RecordShape? {
            shapes.indices.contains(value.shape.index) ? shapes[value.shape.index] : nil
        }
        func field(_ value: RecordValue, _ name: String) -> Value? {
            guard let slot = shape(value)?.slots[name], value.fields.indices.contains(slot) else { return nil }
            return value.fields[slot]
        }
        var found: [OverdueAction] = []
        for record in records where record.value.shape.name == "meeting" {
            guard case .list(let actions)? = field(record.value, "actions") else { continue }
            for case .record(let action) in actions {
                guard case .date(let due)? = field(action, "due"), due < asOf,
                      case .text(let status)? = field(action, "status") else { continue }
                let closing = status.lowercased().trimmingCharacters(in: .whitespaces)
                if ["closed", "complete", "completed", "done"].contains(where: { closing.hasSuffix($0) }) { continue }
                var ref = "", owner = ""
                if case .text(let text)? = field(action, "ref") { ref = text }
                if case .text(let text)? = field(action, "owner") { owner = text }
                found.append(OverdueAction(record: record.id, ref: ref, owner: owner, due: due, status: status))
            }
        }
        return found
    }

    public let title: String
    public let asOf: CivilDate
    public let rulePaths: [String]
    public let recordPaths: [String]
    public let check: CheckReport
    /// Each process with the records of its type, in the order the rules declare them.
    public let processes: [(name: String, title: String?, positions: [Position])]
    public let meetings: [NextMeeting]
    public let actions: [OverdueAction]
    public let chart: GovernanceChart?
    public let version: String

    public init(title: String, asOf: CivilDate, rulePaths: [String], recordPaths: [String], check: CheckReport,
                processes: [(name: String, title: String?, positions: [Position])], meetings: [NextMeeting],
                actions: [OverdueAction], chart: GovernanceChart?, version: String) {
        self.title = title
        self.asOf = asOf
        self.rulePaths = rulePaths
        self.recordPaths = recordPaths
        self.check = check
        self.processes = processes
        self.meetings = meetings
        self.actions = actions
        self.chart = chart
        self.version = version
    }

    static func outcomeWord(_ outcome: RuleVerdict.Outcome) -> String {
        switch outcome {
        case .pass: "passed"
        case .fail: "failed"
        case .notApplicable: "not applicable"
        case .error: "cannot be evaluated"
        }
    }

    public func document() -> String {
        let x = Markup.xml
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(x(title)): report as of \(asOf)</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; color: #111; margin: 1.5rem; line-height: 1.4; }
            h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
            h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #999; }
            table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
            th, td { border: 1px solid #bbb; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
            th { background: #eef1f5; }
            th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; }
            th button::after { content: " \\2195"; color: #666; }
            .outcome-failed, .overdue { font-weight: bold; color: #a40000; }
            .outcome-passed { color: #1b5e20; }
            .chart svg { max-width: 100%; height: auto; }
            ul.reasons { margin: 0; padding-left: 1.1rem; }
            .filter { margin: 0.5rem 0; }
            @media print { .filter, th button::after { display: none; } body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
            </style>
            </head>
            <body>
            <header>
            <h1>\(x(title))</h1>
            <p>Report as of <time datetime="\(asOf)">\(asOf)</time>, from the rules in \(rulePaths.map { "<code>\(x($0))</code>" }.joined(separator: ", "))\
             and the records in \(recordPaths.map { "<code>\(x($0))</code>" }.joined(separator: ", ")).</p>
            </header>
            <main>

            """
        if let chart {
            var svg = chart.svg()
            if let start = svg.range(of: "<svg") { svg = String(svg[start.lowerBound...]) }
            out += "<section id=\"chart\" class=\"chart\">\n<h2>Governance structure</h2>\n\(svg)</section>\n"
        }
        out += register()
        out += positions()
        out += overdue()
        out += nextMeetings()
        out += """
            </main>
            <footer><p>Generated by rulecheck \(x(version)).</p></footer>
            <script>
            \(Self.script)
            </script>
            </body>
            </html>

            """
        return out
    }

    private func register() -> String {
        let x = Markup.xml
        let summary = check.summary
        var out = """
            <section id="register">
            <h2>Register of records</h2>
            <p>\(summary.records) records: \(summary.passed) passed, \(summary.failed) failed, \(summary.notApplicable) not applicable\
            \(summary.errors > 0 ? ", \(summary.errors) could not be evaluated" : "").</p>
            <p class="filter"><label for="register-filter">Show only rows containing</label> <input id="register-filter" type="search"></p>
            <table id="register-table" class="sortable">
            <caption>Each record, its outcome against the rules, and the reasons for any rule it fails</caption>
            <thead><tr><th scope="col"><button type="button">Record</button></th><th scope="col"><button type="button">Type</button></th>\
            <th scope="col"><button type="button">Outcome</button></th><th scope="col"><button type="button">Reasons</button></th>\
            <th scope="col"><button type="button">File</button></th></tr></thead>
            <tbody>

            """
        for report in check.reports {
            let word = Self.outcomeWord(report.outcome)
            var reasons: [String] = []
            for verdict in report.verdicts where verdict.outcome == .fail || verdict.outcome == .error {
                let messages = verdict.failures.isEmpty ? [verdict.message ?? ""] : verdict.failures.map(\.message)
                for message in messages {
                    reasons.append("<li data-rule=\"\(x(verdict.rule))\"><code>\(x(verdict.rule))</code>: \(x(message))</li>")
                }
            }
            let place = report.file + (report.place == "$" ? "" : " \(report.place)")
            out += "<tr data-record=\"\(x(report.id))\" data-outcome=\"\(report.outcome.rawValue)\">"
            out += "<th scope=\"row\">\(x(report.id))</th><td>\(x(report.type))</td>"
            out += "<td class=\"outcome-\(word.replacingOccurrences(of: " ", with: "-"))\">\(word)</td>"
            out += "<td>" + (reasons.isEmpty ? "" : "<ul class=\"reasons\">" + reasons.joined() + "</ul>") + "</td>"
            out += "<td>\(x(place))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private func positions() -> String {
        let x = Markup.xml
        var out = "<section id=\"processes\">\n<h2>Where each record stands</h2>\n"
        if processes.allSatisfy({ $0.positions.isEmpty }) { out += "<p>No record given is one a process is for.</p>\n" }
        for process in processes where !process.positions.isEmpty {
            out += "<h3>\(x(process.title ?? process.name)) (<code>\(x(process.name))</code>)</h3>\n"
            out += "<table class=\"sortable\"><thead><tr><th scope=\"col\"><button type=\"button\">Record</button></th>"
            out += "<th scope=\"col\"><button type=\"button\">Step or end</button></th><th scope=\"col\"><button type=\"button\">Since</button></th>"
            out += "<th scope=\"col\"><button type=\"button\">Due</button></th><th scope=\"col\"><button type=\"button\">Next</button></th>"
            out += "<th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n"
            for position in process.positions {
                let status = position.status
                var place = "", since = "", due = ""
                switch status.position {
                case .ended(let end, let on):
                    place = "ended: \(x(end))"
                    since = on.map { "\($0)" } ?? ""
                case .atStep(let step, let on):
                    place = "<code>\(x(step))</code>" + (position.stepTitle.map { " " + x($0) } ?? "")
                    since = on.map { "\($0)" } ?? ""
                    if let deadline = status.deadline {
                        due = "\(deadline)" + (status.isOverdue ? " <strong class=\"overdue\">overdue</strong>" : "")
                    }
                }
                let notes = status.violations.map { "violation: " + x($0.message) } + status.notes.map(x)
                out += "<tr data-record=\"\(x(position.record))\"><th scope=\"row\">\(x(position.record))</th><td>\(place)</td>"
                out += "<td>\(since)</td><td>\(due)</td><td>\(status.next.map(x).joined(separator: " | "))</td>"
                out += "<td>" + (notes.isEmpty ? "" : "<ul class=\"reasons\">" + notes.map { "<li>\($0)</li>" }.joined() + "</ul>") + "</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out + "</section>\n"
    }

    private func overdue() -> String {
        let x = Markup.xml
        var items: [String] = []
        for process in processes {
            for position in process.positions where position.status.isOverdue {
                if case .atStep(let step, _) = position.status.position, let deadline = position.status.deadline {
                    items.append("<li><strong>\(x(position.record))</strong>: step <code>\(x(step))</code> of <code>\(x(process.name))</code> "
                                 + "was due \(deadline) (<span class=\"overdue\">overdue</span>)</li>")
                }
            }
        }
        var out = "<section id=\"overdue\">\n<h2>Overdue</h2>\n<h3>Steps past their deadline</h3>\n"
        out += items.isEmpty ? "<p>No record is past a step's deadline as of \(asOf).</p>\n" : "<ul>\n" + items.joined(separator: "\n") + "\n</ul>\n"
        out += "<h3>Actions past their due date</h3>\n"
        if actions.isEmpty {
            out += "<p>No meeting given has an open action due before \(asOf).</p>\n"
        } else {
            out += "<table class=\"sortable\"><thead><tr><th scope=\"col\"><button type=\"button\">Action</button></th>"
            out += "<th scope=\"col\"><button type=\"button\">Owner</button></th><th scope=\"col\"><button type=\"button\">Due</button></th>"
            out += "<th scope=\"col\"><button type=\"button\">Status</button></th><th scope=\"col\"><button type=\"button\">Meeting</button></th></tr></thead>\n<tbody>\n"
            for action in actions {
                out += "<tr><th scope=\"row\">\(x(action.ref))</th><td>\(x(action.owner))</td>"
                out += "<td>\(action.due) <strong class=\"overdue\">overdue</strong></td><td>\(x(action.status))</td><td>\(x(action.record))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out + "</section>\n"
    }

    private func nextMeetings() -> String {
        let x = Markup.xml
        var out = "<section id=\"meetings\">\n<h2>Next meetings</h2>\n"
        guard !meetings.isEmpty else { return out + "<p>No group in the rules has a <code>meets</code> clause.</p>\n</section>\n" }
        out += "<table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Next meeting</th><th scope=\"col\">Time</th></tr></thead>\n<tbody>\n"
        for next in meetings {
            out += "<tr><th scope=\"row\">\(x(next.group))" + (next.title.map { " — " + x($0) } ?? "") + "</th>"
            if let meeting = next.meeting {
                let time = meeting.start.map { "\($0)" + (meeting.end.map { "–\($0)" } ?? "") } ?? "not stated"
                var remark = ""
                if case .moved(let from) = meeting.status { remark = " (moved from \(from))" }
                if meeting.status == .extra { remark = " (extra)" }
                out += "<td><time datetime=\"\(meeting.date)\">\(meeting.date)</time> \(meeting.date.weekday.capitalizedName)\(remark)</td><td>\(time)</td></tr>\n"
            } else {
                out += "<td>none in the next three months</td><td></td></tr>\n"
            }
        }
        return out + "</tbody></table>\n</section>\n"
    }

    /// Sorting by a column's button and filtering the register, in the page itself.
    static let script = """
        document.querySelectorAll("table.sortable").forEach(function (table) {
          table.querySelectorAll("thead th button").forEach(function (button, column) {
            button.addEventListener("click", function () {
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              var ascending = button.getAttribute("data-order") !== "ascending";
              rows.sort(function (a, b) {
                var x = a.cells[column].textContent, y = b.cells[column].textContent;
                return ascending ? x.localeCompare(y, undefined, {numeric: true}) : y.localeCompare(x, undefined, {numeric: true});
              });
              rows.forEach(function (row) { body.appendChild(row); });
              table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
              button.setAttribute("data-order", ascending ? "ascending" : "descending");
              button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            });
          });
        });
        var filter = document.getElementById("register-filter");
        if (filter) {
          filter.addEventListener("input", function () {
            var words = filter.value.toLowerCase();
            document.querySelectorAll("#register-table tbody tr").forEach(function (row) {
              row.hidden = words !== "" && row.textContent.toLowerCase().indexOf(words) < 0;
            });
          });
        }
        """
}
