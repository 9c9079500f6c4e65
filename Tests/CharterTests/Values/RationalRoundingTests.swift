@testable import Charter
import Testing

/// `floor`, `ceil`, `round`, `abs` and `%` on exact numbers: the documented cases, the ends of
/// the range, and agreement with unbounded fractions on random operands.
@Suite struct RationalRoundingTests {
    func r(_ n: Int, _ d: Int = 1) -> Rational { Rational(n, d) ?? .zero }

    @Test(arguments: [
        // value, floor, ceil, round
        ((5, 2), 2, 3, 3), ((-5, 2), -3, -2, -3), ((12, 5), 2, 3, 2), ((-12, 5), -3, -2, -2),
        ((13, 5), 2, 3, 3), ((7, 1), 7, 7, 7), ((0, 1), 0, 0, 0), ((1, 3), 0, 1, 0), ((-1, 3), -1, 0, 0),
        ((2, 3), 0, 1, 1), ((-1, 2), -1, 0, -1), ((1, 2), 0, 1, 1),
    ] as [((Int, Int), Int, Int, Int)])
    func wholeNumbersEitherSide(value: (Int, Int), floor: Int, ceil: Int, round: Int) {
        let x = r(value.0, value.1)
        #expect(x.floor == r(floor))
        #expect(x.ceiling == r(ceil))
        #expect(x.rounded == r(round))
    }

    @Test func theEndsOfTheRangeRoundWithoutTrapping() {
        let most = Int.max
        #expect(r(most).floor == r(most))
        #expect(r(-most).ceiling == r(-most))
        #expect(r(most, 2).ceiling == r(most / 2 + 1))
        #expect(r(-most, 2).floor == r(-(most / 2) - 1))
        #expect(r(most, 2).rounded == r(most / 2 + 1))
        #expect(r(-most, 2).rounded == r(-(most / 2) - 1))
        #expect(r(1, most).rounded == .zero)
        #expect(r(most - 1, most).rounded == .one)
        #expect(r(-most).magnitude == r(most))
        #expect(r(-3, 4).magnitude == r(3, 4))
    }

    @Test(arguments: [
        // a, b, a % b
        (7, 3, 1), (-7, 3, 2), (7, -3, -2), (-7, -3, -1), (6, 3, 0), (-6, 3, 0), (0, 5, 0),
        (Int.max, 2, 1), (-Int.max, 2, 1), (Int.max, -Int.max, 0), (Int.max - 1, Int.max, Int.max - 1),
        (-1, Int.max, Int.max - 1),
    ] as [(Int, Int, Int)])
    func theRemainderHasTheSignOfTheDivisor(a: Int, b: Int, expected: Int) {
        #expect(r(a).remainder(dividingBy: r(b)) == r(expected))
    }

    @Test func remaindersOfFractions() {
        #expect(r(15, 2).remainder(dividingBy: r(2)) == r(3, 2))
        #expect(r(-15, 2).remainder(dividingBy: r(2)) == r(1, 2))
        #expect(r(1, 3).remainder(dividingBy: r(1, 4)) == r(1, 12))
        #expect(r(5).remainder(dividingBy: r(3, 2)) == r(1, 2))
        #expect(r(5).remainder(dividingBy: .zero) == nil)
        // The quotient of these does not fit: nil, not a trap.
        #expect(r(Int.max).remainder(dividingBy: r(1, Int.max)) == nil)
    }

    /// Against unbounded fractions: whenever the result fits, it is the exact one.
    @Test func randomOperandsAgreeWithUnboundedFractions() {
        var random = SplitMix64(seed: 0x5EED_0011)
        func operand() -> Rational {
            let scale = random.pick([10, 1000, 1 << 31, Int.max])
            let n = random.below(scale) - scale / 2
            let d = random.pick([1, 1, 2, 3, 7, 10, 1 << 20, random.below(scale) + 1])
            return Rational(n, d) ?? .one
        }
        func big(_ x: Rational) -> BigRational { BigRational(x.numerator, x.denominator) ?? .zero }
        func bigFloor(_ x: BigRational) -> BigRational {
            let (q, rem) = x.numerator.quotientAndRemainder(dividingBy: x.denominator)
            return BigRational(rem < .zero ? q - .one : q)
        }
        for _ in 0..<2000 {
            let (a, b) = (operand(), operand())
            #expect(big(a.floor) == bigFloor(big(a)))
            #expect(big(a.ceiling) == -bigFloor(-big(a)))
            guard b != .zero, let quotient = big(a) / big(b) else { continue }
            let exact = big(a) - big(b) * bigFloor(quotient)
            if let found = a.remainder(dividingBy: b) {
                #expect(big(found) == exact, "\(a) % \(b)")
            } else {
                // Nil only where the quotient or the remainder does not fit the range.
                #expect(!(exact.fitsCharter && quotient.fitsCharter), "\(a) % \(b) = \(exact)")
            }
        }
    }
}
