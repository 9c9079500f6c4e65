/// Arbitrary-precision exact numbers for tests: the independent model that Charter's 64-bit
/// `Rational` arithmetic is checked against. Written for clarity, not speed, and sharing no
/// code with `Rational` so that a mistake there cannot be repeated here.

/// A signed integer of any size: a sign and a magnitude of 32-bit limbs, least significant
/// first, with no leading zero limbs (zero is the empty magnitude and is never negative).
struct BigInt: Hashable, Comparable, CustomStringConvertible {
    private(set) var negative: Bool
    private(set) var limbs: [UInt32]

    static let zero = BigInt(negative: false, limbs: [])
    static let one = BigInt(1)

    private init(negative: Bool, limbs: [UInt32]) {
        var trimmed = limbs
        while trimmed.last == 0 { trimmed.removeLast() }
        self.negative = trimmed.isEmpty ? false : negative
        self.limbs = trimmed
    }

    init(_ value: Int) {
        // `magnitude` is exact for Int.min too, which has no positive Int.
        var rest = value.magnitude
        var limbs: [UInt32] = []
        while rest > 0 {
            limbs.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        }
        self.init(negative: value < 0, limbs: limbs)
    }

    /// Decimal digits with an optional leading `-`; nil for anything else.
    init?(decimal text: some StringProtocol) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var value = BigInt.zero
        let ten = BigInt(10)
        for digit in digits {
            guard let d = digit.wholeNumberValue else { return nil }
            value = value * ten + BigInt(d)
        }
        self = negative ? -value : value
    }

    var isZero: Bool { limbs.isEmpty }
    var magnitudeValue: BigInt { BigInt(negative: false, limbs: limbs) }

    /// The value as an `Int`, when it is one.
    var intValue: Int? {
        guard limbs.count <= 2 else { return nil }
        var magnitude: UInt64 = 0
        for (index, limb) in limbs.enumerated() { magnitude |= UInt64(limb) << (32 * UInt64(index)) }
        if negative {
            if magnitude == UInt64(Int.max) + 1 { return Int.min }
            return magnitude <= UInt64(Int.max) ? -Int(magnitude) : nil
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    // MARK: Magnitudes

    private static func compareMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for index in stride(from: a.count - 1, through: 0, by: -1) where a[index] != b[index] {
            return a[index] < b[index] ? -1 : 1
        }
        return 0
    }

    private static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(Swift.max(a.count, b.count) + 1)
        var carry: UInt64 = 0
        for index in 0..<Swift.max(a.count, b.count) {
            let sum = UInt64(index < a.count ? a[index] : 0) + UInt64(index < b.count ? b[index] : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return result
    }

    /// `a - b` for magnitudes with `a >= b`.
    private static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count)
        var borrow: Int64 = 0
        for index in 0..<a.count {
            var difference = Int64(a[index]) - Int64(index < b.count ? b[index] : 0) - borrow
            borrow = 0
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            }
            result.append(UInt32(difference))
        }
        return result
    }

    private static func multiplyMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var result = [UInt32](repeating: 0, count: a.count + b.count)
        for i in 0..<a.count {
            var carry: UInt64 = 0
            for j in 0..<b.count {
                let product = UInt64(a[i]) * UInt64(b[j]) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            var k = i + b.count
            while carry > 0 {
                let sum = UInt64(result[k]) + carry
                result[k] = UInt32(truncatingIfNeeded: sum)
                carry = sum >> 32
                k += 1
            }
        }
        return result
    }

    private var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return 32 * (limbs.count - 1) + (32 - top.leadingZeroBitCount)
    }

    private func bit(_ index: Int) -> Bool {
        (limbs[index / 32] >> UInt32(index % 32)) & 1 == 1
    }

    /// `self * 2 + bit`, on the magnitude.
    private func doubled(plus bit: Bool) -> BigInt {
        var result: [UInt32] = []
        result.reserveCapacity(limbs.count + 1)
        var carry: UInt32 = bit ? 1 : 0
        for limb in limbs {
            result.append(limb << 1 | carry)
            carry = limb >> 31
        }
        if carry > 0 { result.append(carry) }
        return BigInt(negative: false, limbs: result)
    }

    /// Quotient and remainder of the magnitudes, by shifting and subtracting one bit at a time.
    private static func divideMagnitudes(_ a: BigInt, _ b: BigInt) -> (quotient: [UInt32], remainder: BigInt) {
        if compareMagnitudes(a.limbs, b.limbs) < 0 { return ([], a.magnitudeValue) }
        if a.limbs.count <= 2 && b.limbs.count <= 2 {
            func wide(_ limbs: [UInt32]) -> UInt64 {
                limbs.enumerated().reduce(0) { $0 | UInt64($1.element) << (32 * UInt64($1.offset)) }
            }
            let (q, r) = wide(a.limbs).quotientAndRemainder(dividingBy: wide(b.limbs))
            return ([UInt32(truncatingIfNeeded: q), UInt32(truncatingIfNeeded: q >> 32)],
                    BigInt(negative: false, limbs: [UInt32(truncatingIfNeeded: r), UInt32(truncatingIfNeeded: r >> 32)]))
        }
        var quotient = [UInt32](repeating: 0, count: a.limbs.count)
        var remainder = BigInt.zero
        let divisor = b.magnitudeValue
        for index in stride(from: a.bitWidth - 1, through: 0, by: -1) {
            remainder = remainder.doubled(plus: a.bit(index))
            if compareMagnitudes(remainder.limbs, divisor.limbs) >= 0 {
                remainder = BigInt(negative: false, limbs: subtractMagnitudes(remainder.limbs, divisor.limbs))
                quotient[index / 32] |= 1 << UInt32(index % 32)
            }
        }
        return (quotient, remainder)
    }

    // MARK: Arithmetic

    static prefix func - (value: BigInt) -> BigInt {
        BigInt(negative: !value.negative, limbs: value.limbs)
    }

    static func + (a: BigInt, b: BigInt) -> BigInt {
        if a.negative == b.negative { return BigInt(negative: a.negative, limbs: addMagnitudes(a.limbs, b.limbs)) }
        let order = compareMagnitudes(a.limbs, b.limbs)
        if order == 0 { return .zero }
        return order > 0
            ? BigInt(negative: a.negative, limbs: subtractMagnitudes(a.limbs, b.limbs))
            : BigInt(negative: b.negative, limbs: subtractMagnitudes(b.limbs, a.limbs))
    }

    static func - (a: BigInt, b: BigInt) -> BigInt { a + -b }

    static func * (a: BigInt, b: BigInt) -> BigInt {
        BigInt(negative: a.negative != b.negative, limbs: multiplyMagnitudes(a.limbs, b.limbs))
    }

    /// Truncating division: the quotient rounds towards zero and the remainder takes the
    /// dividend's sign. `b` must not be zero.
    func quotientAndRemainder(dividingBy b: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!b.isZero, "BigInt division by zero")
        let (q, r) = BigInt.divideMagnitudes(self, b)
        return (BigInt(negative: negative != b.negative, limbs: q), BigInt(negative: negative, limbs: r.limbs))
    }

    static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        var (x, y) = (a.magnitudeValue, b.magnitudeValue)
        while !y.isZero { (x, y) = (y, x.quotientAndRemainder(dividingBy: y).remainder) }
        return x
    }

    static func < (a: BigInt, b: BigInt) -> Bool {
        if a.negative != b.negative { return a.negative }
        let order = compareMagnitudes(a.limbs, b.limbs)
        return a.negative ? order > 0 : order < 0
    }

    var description: String {
        if isZero { return "0" }
        var digits: [Character] = []
        var rest = magnitudeValue
        let billion = BigInt(1_000_000_000)
        while !rest.isZero {
            let (q, r) = rest.quotientAndRemainder(dividingBy: billion)
            var chunk = r.intValue ?? 0
            for _ in 0..<9 {
                digits.append(Character(String(chunk % 10)))
                chunk /= 10
                if q.isZero && chunk == 0 { break }
            }
            rest = q
        }
        return (negative ? "-" : "") + String(digits.reversed())
    }
}

/// An exact fraction of two `BigInt`s, in lowest terms with a positive denominator.
struct BigRational: Hashable, Comparable, CustomStringConvertible {
    let numerator: BigInt
    let denominator: BigInt

    static let zero = BigRational(BigInt.zero)
    static let one = BigRational(BigInt.one)

    init(_ integer: BigInt) {
        numerator = integer
        denominator = .one
    }

    init(_ integer: Int) { self.init(BigInt(integer)) }

    /// `n/d` reduced; nil when `d` is zero.
    init?(_ n: BigInt, _ d: BigInt) {
        guard !d.isZero else { return nil }
        let divisor = BigInt.gcd(n, d)
        var (num, den) = (n.quotientAndRemainder(dividingBy: divisor).quotient, d.quotientAndRemainder(dividingBy: divisor).quotient)
        if den < .zero { (num, den) = (-num, -den) }
        numerator = num
        denominator = den
    }

    init?(_ n: Int, _ d: Int) { self.init(BigInt(n), BigInt(d)) }

    /// `n/d` for a denominator known not to be zero, as in a table of constants.
    static func ratio(_ n: Int, _ d: Int) -> BigRational {
        precondition(d != 0, "a ratio over zero")
        return BigRational(n, d) ?? .zero
    }

    /// A number as Charter writes one: `12`, `-3`, `2/3`, `0.125`, `-1.5`; nil otherwise.
    init?(charterText text: String) {
        if let slash = text.firstIndex(of: "/") {
            guard let n = BigInt(decimal: text[..<slash]), let d = BigInt(decimal: text[text.index(after: slash)...]) else { return nil }
            self.init(n, d)
            return
        }
        if let point = text.firstIndex(of: ".") {
            let whole = text[..<point], fraction = text[text.index(after: point)...]
            let negative = whole.hasPrefix("-")
            guard let w = BigInt(decimal: negative ? whole.dropFirst() : whole), let f = BigInt(decimal: fraction) else { return nil }
            var scale = BigInt.one
            for _ in 0..<fraction.count { scale = scale * BigInt(10) }
            let magnitude = w * scale + f
            self.init(negative ? -magnitude : magnitude, scale)
            return
        }
        guard let n = BigInt(decimal: text) else { return nil }
        self.init(n)
    }

    var isZero: Bool { numerator.isZero }

    /// Whether Charter's exact numbers can hold this: a 64-bit numerator other than Int.min
    /// (so that every value can be negated) over a positive 64-bit denominator.
    var fitsCharter: Bool {
        guard let n = numerator.intValue, n != .min, denominator.intValue != nil else { return false }
        return true
    }

    static prefix func - (value: BigRational) -> BigRational {
        BigRational(numerator: -value.numerator, denominator: value.denominator)
    }

    private init(numerator: BigInt, denominator: BigInt) {
        self.numerator = numerator
        self.denominator = denominator
    }

    static func + (a: BigRational, b: BigRational) -> BigRational {
        BigRational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator) ?? .zero
    }

    static func - (a: BigRational, b: BigRational) -> BigRational { a + -b }

    static func * (a: BigRational, b: BigRational) -> BigRational {
        BigRational(a.numerator * b.numerator, a.denominator * b.denominator) ?? .zero
    }

    /// `a / b`; nil when `b` is zero.
    static func / (a: BigRational, b: BigRational) -> BigRational? {
        BigRational(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    static func < (a: BigRational, b: BigRational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    var description: String {
        denominator == .one ? numerator.description : "\(numerator)/\(denominator)"
    }
}
