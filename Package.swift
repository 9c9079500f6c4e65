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
        .testTarget(name: "CharterTests", dependencies: ["Charter"]),
        .testTarget(name: "RulecheckCommandsTests", dependencies: ["Charter", "RulecheckCommands"]),
        .testTarget(name: "GoldenTests", dependencies: ["RulecheckCommands"], exclude: ["Cases"]),
    ],
    swiftLanguageModes: [.v6]
)
