@testable import Charter
import CharterTestSupport
import Testing

/// A compiled rulebook with its processes by name.
struct ProcessFixture {
    let compiled: CompiledRulebook
    let processes: [String: ProcessModel]

    init(_ source: String = processRulebook, sourceLocation: SourceLocation = #_sourceLocation) {
        compiled = CompiledRulebook(source, sourceLocation: sourceLocation)
        processes = compiled.program.processes()
    }

    func process(_ name: String = "cc", sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessModel {
        try #require(processes[name], "no process `\(name)`", sourceLocation: sourceLocation)
    }

    /// Where the record in `json` stands in process `name`.
    func status(_ json: String, process name: String = "cc", asOf: CivilDate? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessStatus {
        let record = try compiled.record(json, sourceLocation: sourceLocation)
        return try process(name, sourceLocation: sourceLocation).status(of: record, program: compiled.program, asOf: asOf)
    }

    /// The route the record in `json` takes through process `name`.
    func route(_ json: String, process name: String = "cc", asOf: CivilDate? = nil,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> Route {
        let record = try compiled.record(json, sourceLocation: sourceLocation)
        return try process(name, sourceLocation: sourceLocation).route(of: record, program: compiled.program, asOf: asOf)
    }
}
