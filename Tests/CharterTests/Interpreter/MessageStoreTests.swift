@testable import Charter
import Foundation
import Testing

/// The messages an evaluator keeps as bytes (`MessageStore`) read the same however long their
/// verdicts are held, whatever the evaluator evaluates meanwhile, and on any thread.
@Suite struct MessageStoreTests {
    static func kept(_ text: String, in store: MessageStore) -> MessageText {
        var text = text
        return text.withUTF8 { store.keep($0) }
    }

    /// Where a message's bytes start in their chunk; nil for a message kept as a `String`.
    static func start(of message: MessageText) -> UInt32? {
        if case .stored(_, let start, _) = message { start } else { nil }
    }

    /// A chunk no message refers to is written again from its start; one that a message still
    /// refers to is left as it is.
    @Test func aChunkIsReusedOnlyWhenNoMessageHoldsIt() {
        let store = MessageStore()
        do {
            let dropped = Self.kept("dropped", in: store)
            #expect(Self.start(of: dropped) == 0)
        }
        let held = Self.kept("held £", in: store)
        #expect(Self.start(of: held) == 0, "the message before is gone, so its bytes are written over")
        let next = Self.kept("next", in: store)
        #expect(Self.start(of: next) == UInt32("held £".utf8.count), "the message before is held, so its bytes are kept")
        #expect(held.string == "held £")
        #expect(next.string == "next")
    }

    /// Messages held past the end of a chunk, and messages longer than a chunk.
    @Test func heldMessagesOutliveTheirChunk() {
        let store = MessageStore()
        let lengths = [1, 100, MessageStore.chunkCapacity - 1, MessageStore.chunkCapacity, MessageStore.chunkCapacity + 1, 3]
        var held: [(MessageText, String)] = []
        for round in 0..<40 {
            for length in lengths {
                let text = String(repeating: "é", count: length / 2) + "\(round)-\(length)"
                held.append((Self.kept(text, in: store), text))
            }
        }
        for (message, text) in held { #expect(message.string == text) }
        #expect(Self.kept("", in: store).string == "")
    }

    static let rules = """
        record item {
          id: text
          n: number
        }
        rule small {
          for item i
          require i.n < 10
          else "{i.id} has £{i.n}, over £10"
        }
        rule each {
          for item i
          require all d in [1, 2, 3]: i.n < d
          else "{i.id}: {i.n} is not below {d}"
        }
        """

    /// The verdicts of one evaluator, held while it goes on to other records, keep their
    /// messages, read here on other threads.
    @Test func heldVerdictsKeepTheirMessages() async throws {
        let rules = CompiledRulebook(Self.rules)
        let evaluator = rules.program.evaluator()
        let json = (0..<600).map { #"{"type": "item", "id": "I\#($0)", "n": \#(10 + $0)}"# }.joined(separator: ",")
        let records = rules.load("[\(json)]").records
        #expect(records.count == 600)
        var verdicts: [RuleVerdict] = []
        for loaded in records {
            for index in evaluator.ruleIndices(for: loaded.value.shape) {
                let verdict = evaluator.verdict(rule: index, on: loaded.value)
                // Every other verdict is dropped at once, so that the store writes over its bytes.
                if loaded.place.hasSuffix("0]") || loaded.place.hasSuffix("5]") { verdicts.append(verdict) }
                _ = evaluator.verdict(rule: index, on: loaded.value).message
            }
        }
        let expected = verdicts.map { $0.failures.map(\.message) }
        let read = await withTaskGroup(of: (Int, [String]).self) { group in
            for (index, verdict) in verdicts.enumerated() {
                group.addTask { (index, verdict.failures.map(\.message)) }
            }
            var read = [[String]](repeating: [], count: verdicts.count)
            for await (index, messages) in group { read[index] = messages }
            return read
        }
        #expect(read == expected)
        let small = verdicts.filter { $0.rule == "small" }
        #expect(small.first?.message == "I0 has £10, over £10")
        #expect(small.last?.message == "I595 has £605, over £10")
        let each = verdicts.filter { $0.rule == "each" }
        #expect(each.first?.failures.map(\.message) == ["I0: 10 is not below 1", "I0: 10 is not below 2", "I0: 10 is not below 3"])
    }

    /// A verdict's failures read as an array of them: none, one held inline, or several.
    @Test func failuresReadAsACollection() throws {
        let rules = CompiledRulebook(Self.rules)
        let record = try rules.record(#"{"type": "item", "id": "A", "n": 2}"#)
        let verdicts = rules.program.evaluate(record)
        let small = try #require(verdicts.first { $0.rule == "small" })
        #expect(small.outcome == .pass)
        #expect(small.failures.isEmpty)
        #expect(small.message == nil)
        let each = try #require(verdicts.first { $0.rule == "each" })
        #expect(each.failures.count == 2)
        #expect(Array(each.failures).map(\.message) == ["A: 2 is not below 1", "A: 2 is not below 2"])
        let failing = try rules.record(#"{"type": "item", "id": "B", "n": 12}"#)
        let one = try #require(rules.program.evaluate(failing).first { $0.rule == "small" })
        #expect(one.failures.count == 1)
        #expect(one.failures.map(\.message) == ["B has £12, over £10"])
        #expect(one.failures[0].span == one.failures.first?.span)
    }
}
