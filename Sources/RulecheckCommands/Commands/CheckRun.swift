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
    /// The most bytes of listed records held back until every file is known to load.
    var heldOutputLimit = 1 << 25
    /// How many bytes of a record file are read at a time (`RecordStream`).
    var chunkBytes = RecordStream.standardChunkBytes

    /// The records each thread takes at a time: enough that handing them out costs little,
    /// few enough that a run's output is small.
    static let runLength = 512

    /// The runs each thread takes, on average, between two writes of the output: enough that
    /// a thread the system holds back for a while leaves the others work to take meanwhile.
    static let runsPerThread = 4

    /// Checks `records`, writing the records listed through `writer` to `output` (and the
    /// header, not the footer), and returns the counts of every record.
    func check(_ records: [LoadedRecord], writer: inout CheckReportWriter, to output: BufferedOutput) -> CheckSummary {
        output.write(writer.header())
        let runCount = (records.count + Self.runLength - 1) / Self.runLength
        // No more evaluators than there are runs of records for them.
        let evaluators = (0..<Swift.max(1, Swift.min(jobs, runCount))).map { _ in program.evaluator() }
        return check(records, with: evaluators, writer: &writer) { output.write($0) }
    }

    /// Checks `records` with `evaluators`, one per thread, and gives the bytes of the records
    /// listed to `emit`, in order. The runs of a round are taken by whichever thread is free,
    /// and given in order when the round is over.
    private func check(_ records: [LoadedRecord], with evaluators: [Evaluator], writer: inout CheckReportWriter,
                       emit: (ArraySlice<UInt8>) -> Void) -> CheckSummary {
        var summary = CheckSummary.empty
        let runCount = (records.count + Self.runLength - 1) / Self.runLength
        func run(_ index: Int) -> ArraySlice<LoadedRecord> {
            let lower = records.startIndex + index * Self.runLength
            return records[lower..<Swift.min(lower + Self.runLength, records.endIndex)]
        }
        let threads = Swift.max(1, Swift.min(evaluators.count, runCount))
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
                emit(writer.take(result.bytes))
                summary.add(result.summary)
            }
            first += runs
        }
        return summary
    }

    /// How checking records as they are read ended.
    enum Streamed {
        /// Every record was checked and written (the header too, not the footer).
        case checked(CheckSummary)
        /// The files are to be loaded whole (`RecordStream.Next.unhandled`); nothing was written.
        case unhandled
        /// A file that loaded when first read did not when read again; some records were written.
        case changed
    }

    /// Checks the records of the files at `paths` a window at a time, as they are read (see
    /// `RecordStream`), so that memory holds a window of records, not the files; for rules that
    /// read no other records (`Program.readsOtherRecords`). The output is that of
    /// `check(_:writer:to:)` on the records of the files, and, as there, is written only once
    /// every file is known to load: until then it is held back, and when it grows past
    /// `heldOutputLimit`, the rest of the files is only read, then the files are read again
    /// and checked, and each window's verdicts written as they come. The files' warnings go to
    /// `warn` before any verdict is written.
    func check(streaming paths: [String], files: RecordFiles, writer: inout CheckReportWriter, to output: BufferedOutput,
               warn: ([RecordFileError]) -> Void) -> Streamed {
        let initial = writer
        let evaluators = (0..<Swift.max(1, jobs)).map { _ in program.evaluator() }
        var stream = RecordStream(files: files, paths: paths, chunkBytes: chunkBytes)
        var held: [UInt8]? = writer.header()
        var summary = CheckSummary.empty
        reading: while true {
            switch stream.next() {
            case .unhandled: return .unhandled
            case .end: break reading
            case .records(let records):
                guard var bytes = held else { continue }
                held = nil
                summary.add(check(records, with: evaluators, writer: &writer) { bytes.append(contentsOf: $0) })
                held = bytes.count <= heldOutputLimit ? bytes : nil
            }
        }
        warn(stream.warnings)
        if let held {
            output.write(held)
            return .checked(summary)
        }
        writer = initial
        output.write(writer.header())
        summary = .empty
        var again = RecordStream(files: files, paths: paths, chunkBytes: chunkBytes)
        while true {
            switch again.next() {
            case .unhandled: return .changed
            case .end: return .checked(summary)
            case .records(let records):
                summary.add(check(records, with: evaluators, writer: &writer) { output.write($0) })
            }
        }
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
