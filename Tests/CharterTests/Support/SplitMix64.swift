/// The tests' one source of random numbers: SplitMix64 (Steele, Lea and Flood), small, fast,
/// and the same on every platform, so that a seed replays the same case anywhere.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// An element of `choices`, or nil when there is none.
    mutating func element<T>(of choices: [T]) -> T? { choices.isEmpty ? nil : choices[below(choices.count)] }
}
