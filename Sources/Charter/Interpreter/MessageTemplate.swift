/// The `else` message of a requirement when it is a text literal with holes, as most are
/// (`"{cr.id}: {cr.ia_yes} for, {cr.ia_no} against"`): its literal pieces kept as UTF-8, and
/// each hole's value written as `Value.display` writes it (the digits of a number, a date, a
/// text's bytes) into a buffer on the stack, from which the message's `String` is made once.
/// It gives the bytes `ExpressionCompiler.text` gives, without a `String` for any piece.
struct MessageTemplate {
    /// Every literal piece's UTF-8, one after another.
    let literals: [UInt8]
    /// Where each literal piece ends in `literals`: the one before the first hole, then the one
    /// after each hole (empty where two holes or a hole and the end meet), one more than `holes`.
    let literalEnds: [Int]
    let holes: [Hole]

    /// A hole: most read a field of the rule's own record (`{cr.id}`), written from where it
    /// lies in the record without a call or a copy of the value; any other is its node.
    enum Hole {
        /// The field at this slot of the record read in place (`Frame.subject`), with the
        /// place of the hole for the error when the record has no such field.
        case field(Int, SourceSpan)
        case node(ValueNode)
    }

    /// The bytes a message is written into before it spills to the heap: room for nearly every
    /// message, small enough for the stack.
    static let stackCapacity = 512

    /// The template of the text literal `parts`, its holes compiled by `compiler`; nil when
    /// there are no holes, for the compiler to make the constant.
    init?(_ parts: [Interpolation], compiler: inout ExpressionCompiler) {
        var literals: [UInt8] = []
        var literalEnds: [Int] = []
        var holes: [Hole] = []
        for part in parts {
            switch part {
            case .literal(let text): literals += text.utf8
            case .expr(let inner):
                literalEnds.append(literals.count)
                // What `compiler.value` makes of such a field reads the same slot, with the same check.
                if let slot = compiler.fieldInPlace(inner) {
                    holes.append(.field(slot, inner.ungrouped.span))
                } else {
                    holes.append(.node(compiler.value(inner)))
                }
            }
        }
        guard !holes.isEmpty else { return nil }
        literalEnds.append(literals.count)
        self.literals = literals
        self.literalEnds = literalEnds
        self.holes = holes
    }

    /// The message on `frame`; the first hole that cannot be evaluated throws, as it does in
    /// `ExpressionCompiler.text`.
    func text(_ frame: Frame) throws -> String {
        try rendered(frame) { $0.string() }
    }

    /// The message on `frame`, its bytes kept in `store`, never made into a `String`.
    func text(_ frame: Frame, keptIn store: MessageStore) throws -> MessageText {
        try rendered(frame) { $0.withBytes { store.keep($0) } }
    }

    /// `body` of the message on `frame`, written into a buffer on the stack.
    @inline(__always)
    private func rendered<Result>(_ frame: Frame, _ body: (MessageBytes) -> Result) throws -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stackCapacity) { stack in
            var message = MessageBytes(stack)
            try literals.withUnsafeBufferPointer { literals in
                var start = 0
                for (index, end) in literalEnds.enumerated() {
                    // INVARIANT: `literalEnds` rises from 0 to `literals.count` (made so by `init`).
                    message.append(utf8: UnsafeBufferPointer(rebasing: literals[start..<end]))
                    start = end
                    guard index < holes.count else { continue }
                    switch holes[index] {
                    case .field(let slot, let span):
                        // INVARIANT: `frame.subject` is the fields of the live record the rule is
                        // checking (`Frame.subject`); the slot is checked against its count here, so
                        // the read stays within the buffer even for a record of another shape.
                        let fields = frame.subject
                        guard slot < fields.count else { throw ValueOperations.absent(at: span) }
                        message.appendDisplay(of: fields[slot])
                    case .node(let node):
                        message.appendDisplay(of: try node(frame))
                    }
                }
            }
            return body(message)
        }
    }

    /// The template as a node giving the message as a text value.
    var node: ValueNode {
        { [self] frame in .text(try text(frame)) }
    }
}

/// The bytes of a message being written: in a buffer the caller gives (on the stack) while
/// they fit, then in an array on the heap.
struct MessageBytes: UTF8Sink {
    private let stack: UnsafeMutableBufferPointer<UInt8>
    /// The bytes written into `stack`, from its start.
    private var used = 0
    /// Every byte written, once they outgrew `stack`.
    private var heap: [UInt8] = []
    private var spilled = false

    init(_ stack: UnsafeMutableBufferPointer<UInt8>) {
        self.stack = stack
    }

    mutating func append(_ byte: UInt8) {
        if !spilled, used < stack.count {
            // INVARIANT: `used < stack.count`, checked just above.
            stack[used] = byte
            used += 1
            return
        }
        spill()
        heap.append(byte)
    }

    mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if !spilled, bytes.count <= stack.count - used, let target = stack.baseAddress {
            // INVARIANT: `used + bytes.count <= stack.count`, checked just above, so the copy
            // stays within `stack`.
            (target + used).initialize(from: source, count: bytes.count)
            used += bytes.count
            return
        }
        spill()
        heap.append(contentsOf: bytes)
    }

    private mutating func spill() {
        guard !spilled else { return }
        spilled = true
        heap.reserveCapacity(2 * stack.count)
        heap.append(contentsOf: UnsafeBufferPointer(rebasing: stack[..<used]))
    }

    /// What has been written, as a string.
    func string() -> String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with what has been written.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // INVARIANT: `used <= stack.count`: `append` writes to `stack` only below its count.
        spilled ? heap.withUnsafeBufferPointer(body) : body(UnsafeBufferPointer(rebasing: stack[..<used]))
    }
}
