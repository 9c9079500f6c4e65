/// Whole numbers from fractions, and the remainder of a division: exact, like the rest of
/// `Rational`, and never trapping. Rounding to a whole number cannot leave the range (its
/// magnitude is at most the fraction's numerator, or that plus one when the denominator is
/// at least 2); the remainder is nil when the quotient or the remainder does not fit.
extension Rational {
    /// The greatest whole number not above this one: `floor(2.5)` is 2, `floor(-2.5)` is -3.
    public var floor: Rational {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return Rational(wholeNumber: remainder < 0 ? quotient - 1 : quotient)
    }

    /// The least whole number not below this one: `ceil(2.5)` is 3, `ceil(-2.5)` is -2.
    public var ceiling: Rational {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return Rational(wholeNumber: remainder > 0 ? quotient + 1 : quotient)
    }

    /// The nearest whole number, a half rounded away from zero: `round(2.5)` is 3,
    /// `round(-2.5)` is -3, `round(2.4)` is 2.
    public var rounded: Rational {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        let left = remainder.magnitude
        // `left >= denominator - left` is `2 × left >= denominator` without the product.
        guard left >= denominator.magnitude - left else { return Rational(wholeNumber: quotient) }
        return Rational(wholeNumber: numerator < 0 ? quotient - 1 : quotient + 1)
    }

    /// The magnitude: never overflows, as `Int.min` is never held.
    public var magnitude: Rational {
        numerator < 0 ? (negated() ?? self) : self
    }

    /// `self % divisor`: what is left of `self` after taking away a whole number of `divisor`s,
    /// with the sign of `divisor` (floored division): `7 % 3` is 1, `-7 % 3` is 2, `7 % -3` is
    /// -2, `7.5 % 2` is 1.5. Nil when `divisor` is zero or the result does not fit.
    public func remainder(dividingBy divisor: Rational) -> Rational? {
        guard divisor != .zero else { return nil }
        if isInteger && divisor.isInteger {
            // Neither is `Int.min`, so `%` cannot overflow, and `|r| < |divisor|` keeps `r + divisor` in range.
            let r = numerator % divisor.numerator
            return Rational(wholeNumber: r != 0 && (r < 0) != (divisor.numerator < 0) ? r + divisor.numerator : r)
        }
        // `divisor × (q - floor(q))` for `q = self / divisor`: the fractional part of `q` always
        // fits, and the cross-reduced product overflows only when the remainder itself does not
        // fit, where `self - divisor × floor(q)` would overflow on the way to results that fit.
        guard let quotient = divided(by: divisor) else { return nil }
        let (_, left) = quotient.numerator.quotientAndRemainder(dividingBy: quotient.denominator)
        let fraction = Rational(wholeNumber: left < 0 ? left + quotient.denominator : left, over: quotient.denominator)
        return divisor.multiplied(by: fraction)
    }

    /// A whole number known to lie in the range (the result of rounding a value that does).
    private init(wholeNumber: Int) {
        self = Rational(wholeNumber) ?? .zero
    }

    /// `numerator/denominator` for `0 <= numerator < denominator`, which always fits.
    private init(wholeNumber numerator: Int, over denominator: Int) {
        self = Rational(numerator, denominator) ?? .zero
    }
}
