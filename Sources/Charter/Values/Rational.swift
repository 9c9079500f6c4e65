/// An exact fraction of two 64-bit integers, always in lowest terms with a positive
/// denominator. Thresholds such as `2/3 of seats` and `75%` compare exactly: 4 of 6 is two
/// thirds, not 0.6666… Every operation reports overflow instead of trapping.
///
/// The range is symmetric: numerators lie in ±9223372036854775807 and `Int.min` is never held,
/// so negation, `abs` and the reciprocal of any value are always defined.
// INVARIANT: `numerator != Int.min`, `denominator > 0` (so also `!= Int.min`), and the two are
// coprime. Every initialiser and operation keeps this, and `abs`, negation and the cross-
// reduction of `multiplied(by:)` rely on it not to trap.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// `numerator/denominator` in lowest terms, or `nil` when the denominator is zero or a
    /// value does not fit.
    public init?(_ numerator: Int, _ denominator: Int) {
        guard denominator != 0 else { return nil }
        if numerator == .min || denominator == .min { return nil }
        let divisor = Rational.gcd(Swift.abs(numerator), Swift.abs(denominator))
        let sign = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    /// The whole number `integer`, or `nil` for `Int.min`, which lies outside the range.
    public init?(_ integer: Int) {
        guard integer != .min else { return nil }
        numerator = integer
        denominator = 1
    }

    /// A count of things (seats, attendees, elements), which is never negative.
    public init(count: Int) {
        numerator = Swift.max(count, 0)
        denominator = 1
    }

    public static let zero = Rational(count: 0)
    public static let one = Rational(count: 1)

    public var isInteger: Bool { denominator == 1 }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    public func adding(_ other: Rational) -> Rational? {
        if denominator == 1 && other.denominator == 1 {
            let (sum, overflow) = numerator.addingReportingOverflow(other.numerator)
            return overflow ? nil : Rational(sum)
        }
        // Over the denominators' common factor g (Knuth, 4.5.1), with the numerator's sum in
        // 128 bits: each product is below 2^126 in magnitude, so the sum cannot overflow, and a
        // result that fits is never lost to an intermediate that does not, as in
        // 1/9223372036854775807 + 1/9223372036854775807 or 4611686018427387904 - 2.5.
        let g = Rational.gcd(denominator, other.denominator)
        let (b, d) = (denominator / g, other.denominator / g)
        let sum = WideInteger(sumOf: numerator.multipliedFullWidth(by: d),
                              other.numerator.multipliedFullWidth(by: b))
        // gcd(sum, g) divides out of the result, which is then in lowest terms.
        let h = Rational.gcd(g, Int(bitPattern: sum.magnitudeRemainder(dividingBy: UInt(g))))
        guard let n = sum.exactQuotient(dividingBy: h),
              let denominatorProduct = b.multipliedChecked(by: other.denominator / h) else { return nil }
        return Rational(n, denominatorProduct)
    }

    public func negated() -> Rational? {
        numerator == .min ? nil : Rational(-numerator, denominator)
    }

    public func subtracting(_ other: Rational) -> Rational? {
        other.negated().flatMap(adding)
    }

    public func multiplied(by other: Rational) -> Rational? {
        if denominator == 1 && other.denominator == 1 {
            let (product, overflow) = numerator.multipliedReportingOverflow(by: other.numerator)
            return overflow ? nil : Rational(product)
        }
        // Cross-reduce first so that 2/3 of 300 does not overflow where the result fits.
        let g1 = Rational.gcd(Swift.abs(numerator), Swift.abs(other.denominator))
        let g2 = Rational.gcd(Swift.abs(other.numerator), Swift.abs(denominator))
        guard let n = (numerator / g1).multipliedChecked(by: other.numerator / g2),
              let d = (denominator / g2).multipliedChecked(by: other.denominator / g1) else { return nil }
        return Rational(n, d)
    }

    /// `self / other`, or `nil` when `other` is zero or the quotient does not fit.
    public func divided(by other: Rational) -> Rational? {
        guard let reciprocal = Rational(other.denominator, other.numerator) else { return nil }
        return multiplied(by: reciprocal)
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        // Compare with 128-bit products so that no comparison can overflow.
        let l = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let r = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return (l.high, l.low) < (r.high, r.low)
    }

    /// `3`, `2/3`, `-1/2`; a fraction whose denominator has no prime factors but 2 and 5 as a
    /// decimal (`0.75`, `0.125`), which is how such numbers are written in records.
    public var description: String {
        if denominator == 1 { return String(numerator) }
        var twos = 0, fives = 0
        var d = denominator
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        let scale = Swift.max(twos, fives)
        guard d == 1, scale <= 18 else { return "\(numerator)/\(denominator)" }
        var power = 1
        for _ in 0..<scale { power *= 10 }
        let (scaled, overflow) = numerator.multipliedReportingOverflow(by: power / denominator)
        guard !overflow else { return "\(numerator)/\(denominator)" }
        let sign = scaled < 0 ? "-" : ""
        let digits = String(scaled.magnitude)
        let padded = String(repeating: "0", count: Swift.max(0, scale + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -scale)
        return "\(sign)\(padded[..<cut]).\(padded[cut...])"
    }
}

/// A 128-bit integer as a sign and a magnitude: just enough for the numerator of a sum of two
/// fractions, `a·d + c·b`, which can need more than 64 bits where the reduced sum does not.
struct WideInteger {
    let isNegative: Bool
    let high: UInt
    let low: UInt

    /// The sum of two full-width products of 64-bit integers, each below 2^126 in magnitude.
    init(sumOf l: (high: Int, low: UInt), _ r: (high: Int, low: UInt)) {
        let (low, carry) = l.low.addingReportingOverflow(r.low)
        // Two's complement: wrapping addition of the high words is exact, since the sum's
        // magnitude is below 2^127.
        let high = l.high &+ r.high &+ (carry ? 1 : 0)
        isNegative = high < 0
        if isNegative {
            let negatedLow = ~low &+ 1
            self.low = negatedLow
            self.high = ~UInt(bitPattern: high) &+ (negatedLow == 0 ? 1 : 0)
        } else {
            self.low = low
            self.high = UInt(bitPattern: high)
        }
    }

    /// |self| mod `divisor`, for a positive divisor.
    func magnitudeRemainder(dividingBy divisor: UInt) -> UInt {
        // high % divisor < divisor, so the full-width division's quotient fits.
        divisor.dividingFullWidth((high: high % divisor, low: low)).remainder
    }

    /// `self / divisor` for a positive divisor that divides it, or `nil` when the quotient lies
    /// outside ±9223372036854775807.
    func exactQuotient(dividingBy divisor: Int) -> Int? {
        let d = UInt(divisor)
        guard high / d == 0 else { return nil }
        let quotient = d.dividingFullWidth((high: high % d, low: low)).quotient
        guard quotient <= UInt(Int.max) else { return nil }
        return isNegative ? -Int(quotient) : Int(quotient)
    }
}

extension Int {
    func multipliedChecked(by other: Int) -> Int? {
        let (value, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? nil : value
    }

    func addingChecked(_ other: Int) -> Int? {
        let (value, overflow) = addingReportingOverflow(other)
        return overflow ? nil : value
    }
}
