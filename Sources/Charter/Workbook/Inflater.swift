/// DEFLATE decompression (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks, with the
/// output bounded so that a small stream cannot expand without limit (a "ZIP bomb"). Every
/// input byte is bounds-checked; the work is linear in the input and output sizes.
public enum Inflater {
    /// Why a stream cannot be inflated.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The stream ends inside a block.
        case truncated
        /// A block header with the reserved type 3.
        case reservedBlockType
        /// A stored block whose length and its complement disagree.
        case storedLengthMismatch
        /// Code lengths that do not make a Huffman code.
        case invalidCodeLengths
        /// Bits that are no code of the block's Huffman code, or a length or distance code out of range.
        case invalidCode
        /// A back-reference to before the start of the output.
        case distanceTooFar
        /// The output would be larger than `limit` bytes.
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case .truncated: "the compressed data ends too soon"
            case .reservedBlockType: "the compressed data has a block of the reserved type 3"
            case .storedLengthMismatch: "a stored block's length does not match its check"
            case .invalidCodeLengths: "a block's Huffman code lengths do not form a code"
            case .invalidCode: "the compressed data holds a code its block does not define"
            case .distanceTooFar: "the compressed data refers back before its start"
            case .tooLarge(let limit): "it inflates to more than \(limit >> 20) MiB"
            }
        }
    }

    /// The bytes `input` inflates to, at most `limit` of them.
    public static func inflate(_ input: [UInt8], limit: Int) -> Result<[UInt8], Failure> {
        var state = State(input: input, limit: limit)
        do throws(Failure) {
            try state.run()
            return .success(state.output)
        } catch {
            return .failure(error)
        }
    }

    /// A canonical Huffman code as counts of codes per length and symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        /// The code for `lengths` (0 = symbol unused); throws when the lengths over-subscribe.
        init(lengths: ArraySlice<Int>) throws(Failure) {
            for length in lengths {
                guard (0...15).contains(length) else { throw .invalidCodeLengths }
                counts[length] += 1
            }
            var left = 1
            for length in 1...15 {
                left <<= 1
                left -= counts[length]
                guard left >= 0 else { throw .invalidCodeLengths }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                             67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                               1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    struct State {
        let input: [UInt8]
        let limit: Int
        var position = 0
        var buffer: UInt32 = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: [UInt8], limit: Int) {
            self.input = input
            self.limit = limit
        }

        /// The next `count` (at most 16) bits, least significant first.
        mutating func bits(_ count: Int) throws(Failure) -> Int {
            while bitCount < count {
                guard position < input.count else { throw .truncated }
                buffer |= UInt32(input[position]) << UInt32(bitCount)
                position += 1
                bitCount += 8
            }
            let value = Int(buffer & ((UInt32(1) << UInt32(count)) - 1))
            buffer >>= UInt32(count)
            bitCount -= count
            return value
        }

        /// One symbol of `code`, read a bit at a time (at most 15).
        mutating func decode(_ code: Huffman) throws(Failure) -> Int {
            var value = 0, first = 0, index = 0
            for length in 1...15 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - first < count { return code.symbols[index + value - first] }
                index += count
                first += count
                first <<= 1
                value <<= 1
            }
            throw .invalidCode
        }

        mutating func run() throws(Failure) {
            var last = false
            while !last {
                last = try bits(1) == 1
                switch try bits(2) {
                case 0: try stored()
                case 1: try codes(Inflater.fixedLiterals, Inflater.fixedDistances)
                case 2:
                    let (literals, distances) = try dynamicCodes()
                    try codes(literals, distances)
                default: throw .reservedBlockType
                }
            }
        }

        mutating func stored() throws(Failure) {
            // The bits left in the current byte are padding.
            buffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw .truncated }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
            position += 4
            guard length == (~check & 0xFFFF) else { throw .storedLengthMismatch }
            guard position + length <= input.count else { throw .truncated }
            guard output.count + length <= limit else { throw .tooLarge(limit: limit) }
            output += input[position..<(position + length)]
            position += length
        }

        mutating func dynamicCodes() throws(Failure) -> (Huffman, Huffman) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let lengthCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw .invalidCodeLengths }
            var codeLengths = [Int](repeating: 0, count: 19)
            for index in 0..<lengthCount { codeLengths[Inflater.codeLengthOrder[index]] = try bits(3) }
            let lengthCode = try Huffman(lengths: codeLengths[...])
            var lengths: [Int] = []
            lengths.reserveCapacity(literalCount + distanceCount)
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                let (value, repeats): (Int, Int)
                switch symbol {
                case 0...15: (value, repeats) = (symbol, 1)
                case 16:
                    guard let previous = lengths.last else { throw .invalidCodeLengths }
                    (value, repeats) = (previous, try bits(2) + 3)
                case 17: (value, repeats) = (0, try bits(3) + 3)
                default: (value, repeats) = (0, try bits(7) + 11)
                }
                guard lengths.count + repeats <= literalCount + distanceCount else { throw .invalidCodeLengths }
                lengths += repeatElement(value, count: repeats)
            }
            guard lengths[256] != 0 else { throw .invalidCodeLengths }
            return (try Huffman(lengths: lengths[0..<literalCount]), try Huffman(lengths: lengths[literalCount...]))
        }

        mutating func codes(_ literals: Huffman, _ distances: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 {
                    guard output.count < limit else { throw .tooLarge(limit: limit) }
                    output.append(UInt8(truncatingIfNeeded: symbol))
                    continue
                }
                if symbol == 256 { return }
                let lengthIndex = symbol - 257
                guard lengthIndex < Inflater.lengthBase.count else { throw .invalidCode }
                let length = Inflater.lengthBase[lengthIndex] + (try bits(Inflater.lengthExtra[lengthIndex]))
                let distanceSymbol = try decode(distances)
                guard distanceSymbol < Inflater.distanceBase.count else { throw .invalidCode }
                let distance = Inflater.distanceBase[distanceSymbol] + (try bits(Inflater.distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw .distanceTooFar }
                guard output.count + length <= limit else { throw .tooLarge(limit: limit) }
                var from = output.count - distance
                for _ in 0..<length {
                    output.append(output[from])
                    from += 1
                }
            }
        }
    }

    static let fixedLiterals: Huffman = {
        var lengths = [Int](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        // The fixed lengths form a complete code, so construction cannot fail.
        return (try? Huffman(lengths: lengths[...])) ?? Huffman.empty
    }()

    static let fixedDistances: Huffman = (try? Huffman(lengths: [Int](repeating: 5, count: 30)[...])) ?? Huffman.empty
}

extension Inflater.Huffman {
    /// A code with no symbols: decoding with it always fails.
    static var empty: Inflater.Huffman {
        var code = Inflater.Huffman()
        code.counts = [Int](repeating: 0, count: 16)
        return code
    }

    private init() {}
}
