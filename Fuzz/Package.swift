// swift-tools-version:6.0
// libFuzzer targets for every parser that reads bytes or words from outside (issue 9).
// A package of its own so that the fuzzer's flags (-sanitize=fuzzer, -enable-testing) never
// touch the main build: scripts/fuzz.sh builds and runs it.
import PackageDescription

let package = Package(
    name: "KusariFuzz",
    dependencies: [.package(name: "Kusari", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
        .executableTarget(name: "FuzzNPY", dependencies: ["FuzzSupport", .product(name: "Kusari", package: "Kusari")]),
        .executableTarget(name: "FuzzNPZ", dependencies: ["FuzzSupport", .product(name: "Kusari", package: "Kusari")]),
        .executableTarget(name: "FuzzIDX", dependencies: ["FuzzSupport", .product(name: "Kusari", package: "Kusari")]),
        .executableTarget(name: "FuzzSnapshot", dependencies: ["FuzzSupport", .product(name: "Kusari", package: "Kusari")]),
        // The CLI's own sources (symlinks into Sources/kusari, all but main.swift), so the
        // fuzzer calls the real parser without starting a process.
        .executableTarget(name: "FuzzArguments", dependencies: ["FuzzSupport", .product(name: "Kusari", package: "Kusari")]),
    ],
    swiftLanguageModes: [.v6]
)
