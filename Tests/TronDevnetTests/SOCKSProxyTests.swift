import Foundation
import TestSupport
import Testing
import TronDevnet
import TronKit

@Suite("SOCKS5 through Debian's microsocks")
struct SOCKSProxyTests {
    @Test("with a proxy set, the host name goes to the proxy unresolved")
    func hostnameGoesToProxy() async throws {
        try await DevnetHarness.with { h in
            let proxy = try Microsocks()
            defer { proxy.stop() }

            var config = FullNodeConfiguration(fullNodeURL: "http://localhost:\(h.api)")
            config.socksProxy = .init(host: "127.0.0.1", port: proxy.port)
            config.callTimeout = .seconds(2)
            let client = FullNodeClient(configuration: config)
            // Poll until microsocks listens; each attempt is a real request through it.
            let block = try await h.poll("request through microsocks") { try? await client.getNowBlock(solid: true) }
            #expect(block.number >= 0)
            let account = try await client.getAccount(h.key.address)
            #expect(account?.address == h.key.address)
            try await client.shutdown()

            // microsocks logs each requested destination as it connects (unbuffered): the name for
            // ATYP DOMAIN, the IP for ATYP IPv4.
            let output = try await h.poll("microsocks log line") { () -> String? in
                let text = proxy.logText
                return text.contains("connected to localhost:\(h.api)") ? text : nil
            }
            #expect(!output.contains("connected to 127.0.0.1:\(h.api)"), "microsocks log: \(output)")
        }
    }

    @Test("the API key is sent as TRON-PRO-API-KEY and never printed")
    func apiKeyRedacted() {
        var config = FullNodeConfiguration(fullNodeURL: "https://api.trongrid.io")
        config.apiKey = "secret-api-key-value"
        #expect(!config.description.contains("secret-api-key-value"))
        #expect(config.description.contains("<redacted>"))
    }
}
