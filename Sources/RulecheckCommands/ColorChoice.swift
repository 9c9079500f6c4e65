import Charter

/// `--color auto|always|never`: whether a command colours what it writes. `auto` colours a
/// stream only when it is a terminal, `NO_COLOR` is not set (https://no-color.org) and `TERM`
/// is not `dumb`; `always` and `never` decide for both streams whatever they are.
struct ColorChoice: Sendable, Equatable {
    enum Mode: String, CaseIterable, Sendable {
        case auto, always, never
    }

    /// The line of `--help` for the option.
    static let help = """
          --color WHEN         colour at a terminal: auto (default; off with NO_COLOR or when
                               not a terminal), always or never
        """

    /// The palette for standard output (verdicts, lint's diagnostics).
    let output: Palette
    /// The palette for standard error (the diagnostics of rules or records that cannot be used).
    let errors: Palette

    /// Neither stream coloured.
    static let none = ColorChoice(output: .plain, errors: .plain)

    init(output: Palette, errors: Palette) {
        self.output = output
        self.errors = errors
    }

    /// The choice `--color` makes (`auto` when it is not given) for `io`'s streams. Throws a
    /// usage error for a value that is not a mode.
    init(_ parsed: Arguments, io: TextIO) throws {
        let mode = try parsed.choice("color", among: Mode.allCases.map(\.rawValue), default: Mode.auto.rawValue)
        self.init(mode: Mode(rawValue: mode) ?? .auto, io: io)
    }

    init(mode: Mode, io: TextIO) {
        output = Self.palette(mode, isTerminal: io.outputIsTerminal, environment: io.environment)
        errors = Self.palette(mode, isTerminal: io.errorIsTerminal, environment: io.environment)
    }

    static func palette(_ mode: Mode, isTerminal: Bool, environment: [String: String]) -> Palette {
        switch mode {
        case .always: return .ansi
        case .never: return .plain
        case .auto:
            // NO_COLOR counts when it is set to anything but the empty string, as no-color.org asks.
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            return Palette(colored: isTerminal && !noColor && environment["TERM"] != "dumb")
        }
    }
}
