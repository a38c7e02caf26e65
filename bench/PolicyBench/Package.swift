// swift-tools-version:6.2
import PackageDescription

// Decision benchmark for the Policy engine (run by bench/policy.sh): ns per decision for policies
// of 10, 100 and 1,000 rules beside one Dictionary lookup, and allocations per decision.
let package = Package(
    name: "PolicyBench",
    dependencies: [.package(path: "../..")],
    targets: [
        .target(name: "CMallocCounter"),
        .executableTarget(
            name: "PolicyBench",
            dependencies: ["CMallocCounter", .product(name: "Policy", package: "main")]
        ),
    ]
)
