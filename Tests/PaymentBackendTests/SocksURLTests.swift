import Foundation
import PaymentBackend
import Testing
import TronKit

/// Through Tor's SocksPort (SafeSocks) a URL naming only an IP address can never work: the wallet
/// says so at start-up for the node, and when a webhook is registered.
@Suite("URLs reached through Tor")
struct SocksURLTests {
    static func environment(node: String, proxy: String?) throws -> [String: String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("socks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let key = dir.appendingPathComponent("hot.key").path
        try PrivateKeyFile.write(PrivateKey.random(), to: key)
        var env = [
            "TRON_FULLNODE_URL": node, "WALLET_PRIVATE_KEY_FILE": key,
            "LUCID_ASSERTION_KEY": "k:" + String(repeating: "11", count: 32),
        ]
        env["TRON_SOCKS_PROXY"] = proxy
        return env
    }

    @Test("with TRON_SOCKS_PROXY an IP-literal node URL is refused at start-up, saying why")
    func nodeURL() throws {
        for node in ["http://203.0.113.7:8090", "https://[2001:db8::1]:8090"] {
            do {
                _ = try WalletConfiguration.fromEnvironment(try Self.environment(node: node, proxy: "127.0.0.1:9050"))
                Issue.record("\(node) was accepted")
            } catch let e as WalletError {
                #expect(e.description.contains("TRON_FULLNODE_URL: name the node by host name"), "\(e)")
                #expect(e.description.contains("SafeSocks"))
            }
            // Without a proxy an address is fine (a node on the same host, say).
            #expect(
                try WalletConfiguration.fromEnvironment(try Self.environment(node: node, proxy: nil)).node.fullNodeURL
                    == node)
        }
        let named = try WalletConfiguration.fromEnvironment(
            try Self.environment(node: "http://tron-node.internal:8090", proxy: "127.0.0.1:9050"))
        #expect(named.node.socksProxy != nil)
    }

    @Test("webhook URLs through Tor must name a host")
    func webhookURL() {
        let ip = "https://198.51.100.4/hooks"
        #expect(WalletRoutes.webhookURLProblem(ip, requireTLS: false, viaSocks: true)?.contains("host name") == true)
        #expect(WalletRoutes.webhookURLProblem(ip, requireTLS: false, viaSocks: false) == nil)
        #expect(WalletRoutes.webhookURLProblem("https://hooks.example/x", requireTLS: true, viaSocks: true) == nil)
        #expect(WalletRoutes.webhookURLProblem("https://[::1]/x", requireTLS: false, viaSocks: true) != nil)
    }
}
