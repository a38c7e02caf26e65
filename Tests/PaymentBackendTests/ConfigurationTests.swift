import Foundation
import PaymentBackend
import Testing
import TronKit

@Suite("Wallet configuration")
struct ConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("a NAME=value file fills what the environment leaves unset; the environment wins; bad lines are named")
    func configFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("hot.key").path
        try PrivateKeyFile.write(PrivateKey.random(), to: key)
        let file = dir.appendingPathComponent("wallet.env")
        try """
        # wallet settings
        TRON_FULLNODE_URL=http://node.example:8090
        WALLET_PRIVATE_KEY_FILE=\(key)
        LIMIT_DAILY_USDT=50000
        LUCID_WALLET_PORT=9000

        """.write(to: file, atomically: true, encoding: .utf8)
        let env = [
            "LUCID_WALLET_CONFIG_FILE": file.path, "LUCID_WALLET_PORT": "9100",
            "LUCID_ASSERTION_KEY": "k:" + String(repeating: "11", count: 32),
        ]
        let config = try WalletConfiguration.fromEnvironment(env)
        #expect(config.node.fullNodeURL == "http://node.example:8090")
        #expect(config.engine.limits.daily == MicroUSDT(50_000_000_000))
        #expect(config.port == 9100, "the environment wins over the file")

        try "TRON_FULLNODE_URL http://x\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(
            throws: WalletError.configuration(
                "LUCID_WALLET_CONFIG_FILE: \(file.path):1: expected NAME=value; TRON_FULLNODE_URL: required http(s) URL of a java-tron HTTP API; WALLET_KEYSTORE_FILE: required (the hot key's keystore; WALLET_PRIVATE_KEY_FILE in development)"
            )
        ) {
            _ = try WalletConfiguration.fromEnvironment(env)
        }
    }

    @Test(
        "docs/configuration.md lists every variable each process reads, in the rows of its doc comment",
        arguments: ["PaymentBackend/App/WalletConfiguration.swift", "Gateway/App/GatewayConfiguration.swift"])
    func configurationDocInSync(sourcePath: String) throws {
        let source = try String(
            contentsOf: Self.root.appendingPathComponent("Sources/" + sourcePath), encoding: .utf8)
        let doc = try String(
            contentsOf: Self.root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let rows = source.split(separator: "\n").filter { $0.hasPrefix("/// | `") }.map { $0.dropFirst(4) }
        #expect(rows.count >= 25)
        for row in rows { #expect(doc.contains(row), "docs/configuration.md lacks: \(row)") }
        // And every variable the code reads is in the table.
        let regex = try NSRegularExpression(
            pattern: #"(?:value|int|usdt|parsed|secretBytes|hostAndPort|list|enumValue\(reader,)\(\s*"([A-Z0-9_]+)""#)
        let names = regex.matches(in: source, range: NSRange(source.startIndex..., in: source)).compactMap {
            Range($0.range(at: 1), in: source).map { String(source[$0]) }
        }
        #expect(names.count >= 25)
        for name in Set(names) { #expect(rows.contains { $0.contains("`\(name)") }, "\(name) is not documented") }
    }
}
