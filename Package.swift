// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Charter",
    products: [
        .library(name: "Charter", targets: ["Charter"]),
        .executable(name: "rulecheck", targets: ["rulecheck"]),
    ],
    targets: [
        .target(name: "Charter"),
        .executableTarget(name: "rulecheck", dependencies: ["Charter"]),
        .testTarget(name: "CharterTests", dependencies: ["Charter"]),
        .testTarget(name: "GoldenTests", dependencies: ["Charter"], exclude: ["Cases"]),
    ],
    swiftLanguageModes: [.v6]
)
