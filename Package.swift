// swift-tools-version:6.2
import PackageDescription

/// Lucid payout gateway: the ops-plane gateway, the wallet-plane payout engine, the TRON layer,
/// a java-tron-compatible devnet and the operator toolbox — one package, two network planes.
let package = Package(
    name: "Lucid",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "TronKit", targets: ["TronKit"]),
        .library(name: "TronDevnet", targets: ["TronDevnet"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "LucidJSON", targets: ["LucidJSON"]),
        .library(name: "LucidAssertion", targets: ["LucidAssertion"]),
        .library(name: "PaymentBackend", targets: ["PaymentBackend"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .executable(name: "lucid-gateway", targets: ["lucid-gateway"]),
        .executable(name: "lucid-wallet", targets: ["lucid-wallet"]),
        .executable(name: "tron-devnet", targets: ["tron-devnet"]),
        .executable(name: "lucidctl", targets: ["lucidctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
    ],
    targets: [
        // System library (Debian: libsecp256k1-dev; see scripts/setup.sh).
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),

        // The version and commit `make release` compiles in (see Sources/CLucidBuild).
        .target(name: "CLucidBuild"),

        // Libraries.
        .target(name: "LucidJSON"),
        .target(
            name: "HTTPWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "TronKit",
            dependencies: [
                "CSecp256k1", "HTTPWire", "LucidJSON",
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSOCKS", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TronDevnet",
            dependencies: [
                "TronKit", "LucidJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "Policy"),
        .target(
            name: "LucidAssertion",
            dependencies: [
                "LucidJSON",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "LucidConfiguration",
            dependencies: ["CLucidBuild", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "PaymentBackend",
            dependencies: [
                "TronKit", "Policy", "LucidAssertion", "LucidConfiguration", "LucidJSON", "HTTPWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "Policy", "LucidAssertion", "LucidConfiguration", "LucidJSON", "HTTPWire",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Thin executables.
        .executableTarget(
            name: "tron-devnet",
            dependencies: [
                "TronDevnet", "TronKit", "LucidJSON", "LucidConfiguration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "lucidctl",
            dependencies: [
                "TronKit", "LucidJSON", "LucidAssertion", "LucidConfiguration", "Policy", "Gateway", "PaymentBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "lucid-gateway",
            dependencies: ["Gateway", "LucidConfiguration", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(name: "lucid-wallet", dependencies: ["PaymentBackend", "LucidConfiguration"]),

        // Tests.
        .target(
            name: "TestSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "TronKitTests",
            dependencies: ["TronKit", "LucidJSON"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TronDevnetTests",
            dependencies: ["TronDevnet", "TronKit", "LucidJSON", "TestSupport"]
        ),
        .testTarget(
            name: "PaymentBackendTests",
            dependencies: [
                "PaymentBackend", "TronDevnet", "TronKit", "LucidJSON", "LucidAssertion", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "TronKit", "LucidJSON", "LucidAssertion", "LucidConfiguration", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"]),
        .testTarget(name: "LucidJSONTests", dependencies: ["LucidJSON"]),
        .testTarget(
            name: "HTTPWireTests",
            dependencies: [
                "HTTPWire", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "LucidAssertionTests",
            dependencies: ["LucidAssertion", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "LucidConfigurationTests", dependencies: ["LucidConfiguration"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "HTTPWire", "LucidAssertion", "LucidJSON", "Policy", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "LucidctlTests",
            dependencies: ["TronKit", "LucidJSON", "TestSupport"]
        ),
    ]
)
