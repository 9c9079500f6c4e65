@testable import Charter
import Testing

/// `==` on values: durations by length at any depth, absent never equal at the top but matching
/// an absent part inside a list or record, records by shape and fields.
@Suite struct ValueEqualityTests {
    static let shape = RecordShape.ID(index: 0, name: "item")
    static let other = RecordShape.ID(index: 1, name: "other")

    static func item(_ gap: Value, _ note: Value, shape: RecordShape.ID = shape) -> Value {
        .record(RecordValue(shape: shape, fields: [gap, note]))
    }

    @Test func durationsCompareByLengthInsideRecordsAndLists() {
        let hour = Value.duration(60, .minutes)
        let day = Value.duration(1, .days)
        #expect(ValueOperations.same(.duration(1, .days), .duration(1440, .minutes)))
        #expect(!ValueOperations.same(hour, day))
        #expect(ValueOperations.same(Self.item(.duration(1, .days), .absent), Self.item(.duration(1440, .minutes), .absent)))
        #expect(ValueOperations.same(.list([.duration(2, .days)]), .list([.duration(2880, .minutes)])))
        #expect(!ValueOperations.same(.list([.duration(1, .workingDays)]), .list([.duration(1, .days)])))
    }

    @Test func absentIsNeverEqualAtTheTopButMatchesInside() {
        #expect(!ValueOperations.same(.absent, .absent))
        #expect(!ValueOperations.same(.absent, .number(.zero)))
        #expect(ValueOperations.same(Self.item(.number(.one), .absent), Self.item(.number(.one), .absent)))
        #expect(!ValueOperations.same(Self.item(.number(.one), .absent), Self.item(.number(.one), .text("x"))))
    }

    @Test func recordsOfOtherShapesDiffer() {
        #expect(!ValueOperations.same(Self.item(.number(.one), .text("a")), Self.item(.number(.one), .text("a"), shape: Self.other)))
    }
}
