// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kusari",
    // Synchronization's atomics (the worker pool) need macOS 15 on Apple platforms.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kusari", targets: ["Kusari"]),
        .library(name: "KusariArray", targets: ["KusariArray"]),
        .library(name: "KusariTesting", targets: ["KusariTesting"]),
        .executable(name: "kusari", targets: ["kusari"]),
        .executable(name: "kusari-bench", targets: ["kusari-bench"]),
    ],
    targets: [
        // SIMD micro-kernels; each variant carries its own target attribute, so no unsafe flags.
        .target(name: "CKusariKernels"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "KusariArray", dependencies: ["CKusariKernels"]),
        .target(name: "Kusari", dependencies: ["KusariArray", "CZlib"]),
        .target(name: "KusariTesting", dependencies: ["Kusari"]),
        .executableTarget(name: "kusari", dependencies: ["Kusari"]),
        .executableTarget(name: "kusari-bench", dependencies: ["Kusari"]),
        // The seed program, ported: with the Trainer, as a correct hand loop, and the founding story.
        .executableTarget(name: "seed-trainer", dependencies: ["Kusari"], path: "Examples/SeedTrainer"),
        .executableTarget(name: "seed-hand-loop", dependencies: ["Kusari"], path: "Examples/SeedHandLoop"),
        .executableTarget(name: "seed-scenario", dependencies: ["Kusari"], path: "Examples/SeedScenario"),
        .testTarget(name: "KusariArrayTests", dependencies: ["KusariArray"]),
        .testTarget(name: "KusariTests", dependencies: ["Kusari", "KusariTesting"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
