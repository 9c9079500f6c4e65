import Charter
import Foundation
import Synchronization

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

    /// The runs each thread takes, on average, between two writes of the output: enough that
    /// a thread the system holds back for a while leaves the others work to take meanwhile.
    static let runsPerThread = 4

    /// Checks `records`, writing the records listed through `writer` to `output` (and the
    /// header, not the footer), and returns the counts of every record. The runs of a round are
    /// taken by whichever thread is free, and written in order when the round is over.
    func check(_ records: [LoadedRecord], writer: inout CheckReportWriter, to output: BufferedOutput) -> CheckSummary {
        var summary = CheckSummary.empty
        output.write(writer.header())
        let runCount = (records.count + Self.runLength - 1) / Self.runLength
        func run(_ index: Int) -> ArraySlice<LoadedRecord> {
            let lower = records.startIndex + index * Self.runLength
            return records[lower..<Swift.min(lower + Self.runLength, records.endIndex)]
        }
        // No more evaluators than there are runs of records for them.
        let threads = Swift.max(1, Swift.min(jobs, runCount))
        let evaluators = (0..<threads).map { _ in program.evaluator() }
        let perRound = threads == 1 ? 1 : threads * Self.runsPerThread
        var first = 0
        while first < runCount {
            let runs = Swift.min(perRound, runCount - first)
            let base = first
            let results: [(bytes: [UInt8], summary: CheckSummary)]
            if threads == 1 || runs == 1 {
                results = (base..<base + runs).map { check(run($0), with: evaluators[0], writer) }
            } else {
                results = inParallel(runs, threads: Swift.min(threads, runs)) { index, thread in
                    check(run(base + index), with: evaluators[thread], writer)
                }
            }
            for result in results {
                output.write(writer.take(result.bytes))
                summary.add(result.summary)
            }
            first += runs
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

    /// `work(0, t)` to `work(count - 1, t)` on `threads` threads, each index taken by the next
    /// thread free, `t` the number of the thread (below `threads`); their results in order.
    private func inParallel<Result>(_ count: Int, threads: Int, _ work: (Int, Int) -> Result) -> [Result] {
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let next = RunCounter()
        withoutActuallyEscaping(work) { work in
            // INVARIANT: each index is taken once (`next` hands each out once), so each slot of
            // `results` is written by one thread; each thread evaluates with the evaluator of its
            // own number, and otherwise reads what no thread writes: the records and the program;
            // and `concurrentPerform` returns only when every thread has ended.
            let shared = Unchecked((results, work))
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                while true {
                    let index = next.value.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    shared.value.0[index] = shared.value.1(index, thread)
                }
            }
        }
        return results.compactMap { $0 }
    }
}

/// The next index of a round for a thread to take.
private final class RunCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// A value handed to the threads of `concurrentPerform`, which the compiler cannot prove safe
/// to share; the INVARIANT where it is made says why it is.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
