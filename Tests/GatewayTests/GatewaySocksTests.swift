import Foundation
import Gateway
import Testing

/// With a SocksPort, the gateway fetches JWKS through Tor by name: an IP-literal JWKS URL, which
/// Tor would refuse, stops the start with a message that says why.
@Suite struct GatewaySocksTests {
    @Test("LUCID_GATEWAY_SOCKS_PROXY: JWKS URLs must name a host")
    func jwksURLsNameAHost() throws {
        let dir = try TrustedIssuersFileTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (url, refused) in [
            ("http://203.0.113.9/jwks.json", true), ("https://[2001:db8::2]/jwks.json", true),
            ("https://idp.example/jwks.json", false), ("http://abcdefghijklmnop.onion/jwks.json", false),
        ] {
            var env = try TrustedIssuersFileTests.environment(
                dir, issuers: #"[{"issuer":"https://idp.example","audiences":["a"],"jwks_urls":["\#(url)"]}]"#)
            env["LUCID_GATEWAY_SOCKS_PROXY"] = "127.0.0.1:9050"
            if refused {
                #expect(throws: GatewayConfiguration.Invalid.self, "\(url)") {
                    _ = try GatewayConfiguration.fromEnvironment(env)
                }
            } else {
                #expect(try GatewayConfiguration.fromEnvironment(env).socksProxy?.port == 9050, "\(url)")
            }
            env["LUCID_GATEWAY_SOCKS_PROXY"] = nil
            #expect(try GatewayConfiguration.fromEnvironment(env).socksProxy == nil, "without a proxy: \(url)")
        }
    }
}
