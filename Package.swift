// swift-tools-version: 6.0
import PackageDescription

// The language (`Charter`) depends on nothing here; the commands (`RulecheckCommands`) depend
// on the language, and the executable on both, so that the language cannot reach the commands.
let package = Package(
    name: "Charter",
    products: [
        .library(name: "Charter", targets: ["Charter"]),
        .executable(name: "rulecheck", targets: ["rulecheck"]),
    ],
    targets: [
        .target(name: "Charter"),
        .target(name: "RulecheckCommands", dependencies: ["Charter"]),
        .executableTarget(name: "rulecheck", dependencies: ["Charter", "RulecheckCommands"]),
        // What both test targets share: the change-control rulebook, a REPL workspace, a poll counter.
        .target(name: "CharterTestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CharterTests", dependencies: ["Charter", "CharterTestSupport"]),
        .testTarget(name: "RulecheckCommandsTests", dependencies: ["Charter", "RulecheckCommands", "CharterTestSupport"]),
        .testTarget(name: "GoldenTests", dependencies: ["RulecheckCommands"], exclude: ["Cases"]),
    ],
    swiftLanguageModes: [.v6]
)
