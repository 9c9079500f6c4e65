import Charter
import Foundation

/// Checks records and writes their verdicts as it goes: a run of records at a time, spread
/// over `jobs` threads, each with its own `Evaluator`, and written in input order, so that the
/// output is byte for byte that of one thread, and only the runs in flight are held in memory.
struct CheckRun {
    /// Which records `check` lists; the summary counts them all.
    enum Listing {
        case all
        /// Those that fail or cannot be evaluated.
        case failures
        /// None (`--quiet`).
        case none
    }

    let program: Program
    let asOf: CivilDate?
    let only: Set<String>?
    let listing: Listing
    let jobs: Int

    /// The records each thread takes at a time: enough that handing them out costs little,
    /// few enough that a run's output is small.
    static let runLength = 512

    /// Checks `records`, writing the records listed through `writer` to `output` (and the
    /// header, not the footer), and returns the counts of every record.
    func check(_ records: [LoadedRecord], writer: inout CheckReportWriter, to output: BufferedOutput) -> CheckSummary {
        var summary = CheckSummary.empty
        output.write(writer.header())
        // No more evaluators than there are runs of records for them.
        let threads = Swift.max(1, Swift.min(jobs, (records.count + Self.runLength - 1) / Self.runLength))
        let evaluators = (0..<threads).map { _ in program.evaluator() }
        var start = records.startIndex
        while start < records.endIndex {
            let runs = Swift.min(evaluators.count, (records.endIndex - start + Self.runLength - 1) / Self.runLength)
            let results: [(bytes: [UInt8], summary: CheckSummary)]
            if runs == 1 {
                results = [check(records[start..<Swift.min(start + Self.runLength, records.endIndex)], with: evaluators[0], writer)]
            } else {
                results = inParallel(runs) { run in
                    let lower = start + run * Self.runLength
                    return check(records[lower..<Swift.min(lower + Self.runLength, records.endIndex)], with: evaluators[run], writer)
                }
            }
            for result in results {
                output.write(writer.take(result.bytes))
                summary.add(result.summary)
            }
            start = Swift.min(start + runs * Self.runLength, records.endIndex)
        }
        return summary
    }

    /// One run of records, checked in order with one evaluator.
    private func check(_ records: ArraySlice<LoadedRecord>, with evaluator: Evaluator,
                       _ writer: CheckReportWriter) -> (bytes: [UInt8], summary: CheckSummary) {
        var summary = CheckSummary.empty
        var bytes: [UInt8] = []
        for loaded in records {
            let report = program.report(loaded, evaluator: evaluator, asOf: asOf, only: only)
            let outcome = report.outcome
            summary.count(outcome)
            switch listing {
            case .all: writer.append(report, to: &bytes)
            case .failures where outcome == .fail || outcome == .error: writer.append(report, to: &bytes)
            case .failures, .none: break
            }
        }
        return (bytes, summary)
    }

    /// `work(0)` to `work(count - 1)` at once on as many threads, their results in order.
    private func inParallel<Result>(_ count: Int, _ work: (Int) -> Result) -> [Result] {
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        withoutActuallyEscaping(work) { work in
            // INVARIANT: each iteration writes only its own slot of `results`, and reads what no
            // thread writes: the records, the program, and the evaluator of its own index; and
            // `concurrentPerform` returns only when every iteration has ended.
            let shared = Unchecked((results, work))
            DispatchQueue.concurrentPerform(iterations: count) { index in
                shared.value.0[index] = shared.value.1(index)
            }
        }
        return results.compactMap { $0 }
    }
}

/// A value handed to the threads of `concurrentPerform`, which the compiler cannot prove safe
/// to share; the INVARIANT where it is made says why it is.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
