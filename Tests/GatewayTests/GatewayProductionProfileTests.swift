import Crypto
import Foundation
import Gateway
import TestSupport
import Testing

@Suite("Gateway production profile")
struct GatewayProductionProfileTests {
    static let onion = "aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dyp3kead.onion"

    /// A private directory with the gateway's secrets as production wants them (0600 / 0400).
    final class Files {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gw-prod-\(UUID().uuidString)")
        var signingKey: String { dir.appendingPathComponent("signing-key.pem").path }
        var assertionKey: String { dir.appendingPathComponent("assertion-key").path }
        var accounts: String { dir.appendingPathComponent("service-accounts.json").path }
        var openKey: String { dir.appendingPathComponent("signing-key-0644.pem").path }
        var issuers: String { dir.appendingPathComponent("issuers.json").path }
        var hostname: String { dir.appendingPathComponent("hostname").path }

        init() throws {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let pem = P256.Signing.PrivateKey().pemRepresentation
            let files: [(String, String, Int)] = [
                (signingKey, pem, 0o600), (openKey, pem, 0o644),
                (assertionKey, "k1:" + String(repeating: "ab", count: 32) + "\n", 0o400), (accounts, "{}", 0o600),
                (hostname, GatewayProductionProfileTests.onion + "\n", 0o600),
            ]
            try writeFiles(files.map { ($0.0, Data($0.1.utf8), $0.2) })
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        /// A configuration production accepts: behind tor on loopback, secrets in owner-only files.
        var fit: [String: String] {
            [
                "LUCID_PROFILE": "production", "LUCID_ONION_HOST_FILE": hostname,
                "LUCID_ALLOWED_HOSTS": "\(GatewayProductionProfileTests.onion),127.0.0.1",
                "LUCID_GATEWAY_PROXY_PORT": "8443", "LUCID_ASSERTION_KEY_FILE": assertionKey,
                "LUCID_GATEWAY_SIGNING_KEY_FILE": signingKey, "LUCID_SERVICE_ACCOUNTS": accounts,
                "LUCID_OPENAPI_SPEC": "openapi/payment-api.yaml",
            ]
        }

        /// A trusted-issuers file whose issuer publishes its keys at `url`.
        func issuers(jwks url: String) throws -> String {
            let text = #"[{"issuer":"https://idp.example","audiences":["lucid-api"],"jwks_urls":["\#(url)"]}]"#
            try Data(text.utf8).write(to: URL(fileURLWithPath: issuers))
            return issuers
        }
    }

    func problems(_ env: [String: String]) -> [String]? {
        do {
            _ = try GatewayConfiguration.fromEnvironment(env)
            return nil
        } catch let e as GatewayConfiguration.Invalid {
            return e.problems
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("a fit production configuration is accepted, with production's token lifetime")
    func fit() throws {
        let files = try Files()
        let config = try GatewayConfiguration.fromEnvironment(files.fit)
        #expect(config.profile == .production)
        #expect(config.onionHost == Self.onion)
        #expect(config.tokenLimits.maxLifetimeSeconds == Int64(GatewayProductionProfile.maximumTokenLifetime))
    }

    /// Each change to the fit configuration, and the start of the problem that must name it.
    static let refusals: [(String, [String: String?], String)] = [
        ("no onion", ["LUCID_ONION_HOST_FILE": nil], "LUCID_ONION_HOST: required in production"),
        (
            "an invalid onion name", ["LUCID_ONION_HOST_FILE": nil, "LUCID_ONION_HOST": "abc.onion"],
            "LUCID_ONION_HOST: a v3"
        ),
        ("the onion not an allowed Host", ["LUCID_ALLOWED_HOSTS": "127.0.0.1"], "LUCID_ALLOWED_HOSTS: must include"),
        ("no PROXY listener with an onion", ["LUCID_GATEWAY_PROXY_PORT": nil], "LUCID_GATEWAY_PROXY_PORT: required"),
        (
            "the assertion key inline",
            ["LUCID_ASSERTION_KEY_FILE": nil, "LUCID_ASSERTION_KEY": "k1:" + String(repeating: "ab", count: 32)],
            "LUCID_ASSERTION_KEY: production reads secrets from"
        ),
        (
            "a signing key readable by everyone", ["LUCID_GATEWAY_SIGNING_KEY_FILE": "<open>"],
            "LUCID_GATEWAY_SIGNING_KEY_FILE: /"
        ),
        (
            "the development key layout", ["LUCID_GATEWAY_SIGNING_KEY_FILE": "data/gateway/signing-key.pem"],
            "LUCID_GATEWAY_SIGNING_KEY_FILE: production names secret files by an absolute path"
        ),
        (
            "the default service-account file", ["LUCID_SERVICE_ACCOUNTS": nil],
            "LUCID_SERVICE_ACCOUNTS: production names"
        ),
        ("a public listener", ["LUCID_GATEWAY_HOST": "0.0.0.0"], "LUCID_GATEWAY_HOST: production listens on loopback"),
        ("public metrics", ["LUCID_GATEWAY_METRICS_HOST": "0.0.0.0"], "LUCID_GATEWAY_METRICS_HOST: production serves"),
        (
            "a wallet on a public address", ["LUCID_WALLET_URL": "http://203.0.113.9:8081"],
            "LUCID_WALLET_URL: production"
        ),
        (
            "a plain-http CORS origin", ["LUCID_CORS_ORIGINS": "http://shop.example"],
            "LUCID_CORS_ORIGINS: http://shop.example: production allows https or onion origins only"
        ),
        ("a wildcard CORS origin", ["LUCID_CORS_ORIGINS": "*"], "LUCID_CORS_ORIGINS: * is not an exact origin"),
        (
            "a day-long token", ["LUCID_JWT_MAX_LIFETIME_SECONDS": "86400"],
            "LUCID_JWT_MAX_LIFETIME_SECONDS: at most 3600"
        ),
        ("a ten-minute leeway", ["LUCID_JWT_LEEWAY_SECONDS": "600"], "LUCID_JWT_LEEWAY_SECONDS: at most 120"),
        (
            "JWKS over plain http", ["LUCID_TRUSTED_ISSUERS_FILE": "<jwks http://idp.example/jwks.json>"],
            "LUCID_TRUSTED_ISSUERS_FILE: http://idp.example/jwks.json: production fetches JWKS over https"
        ),
        (
            "JWKS not through Tor", ["LUCID_TRUSTED_ISSUERS_FILE": "<jwks https://idp.example/jwks.json>"],
            "LUCID_GATEWAY_SOCKS_PROXY: required in production"
        ),
    ]

    @Test("each unsafe setting is refused, naming its variable", arguments: 0..<refusals.count)
    func refusal(index: Int) throws {
        let (name, change, expected) = Self.refusals[index]
        let files = try Files()
        var env = files.fit
        for (k, v) in change {
            if v == "<open>" {
                env[k] = files.openKey
            } else if let v, v.hasPrefix("<jwks ") {
                env[k] = try files.issuers(jwks: String(v.dropFirst(6).dropLast()))
            } else {
                env[k] = v
            }
        }
        let found = try #require(problems(env), "\(name) was accepted")
        #expect(found.contains { $0.hasPrefix(expected) }, "\(name): \(found)")
        #expect(!found.joined().contains("abab"), "a secret leaked: \(found)")
    }

    @Test("JWKS from an onion over http, through Tor, are accepted")
    func onionJWKS() throws {
        let files = try Files()
        var env = files.fit
        env["LUCID_TRUSTED_ISSUERS_FILE"] = try files.issuers(jwks: "http://\(Self.onion)/jwks.json")
        env["LUCID_GATEWAY_SOCKS_PROXY"] = "127.0.0.1:9050"
        #expect(try GatewayConfiguration.fromEnvironment(env).trustedIssuers.count == 1)
    }

    @Test("every problem is named at once; development accepts the same settings")
    func allAtOnce() throws {
        let files = try Files()
        var env = files.fit
        env["LUCID_GATEWAY_PROXY_PORT"] = nil
        env["LUCID_GATEWAY_METRICS_HOST"] = "0.0.0.0"
        env["LUCID_JWT_MAX_LIFETIME_SECONDS"] = "86400"
        let found = try #require(problems(env))
        for name in ["LUCID_GATEWAY_PROXY_PORT", "LUCID_GATEWAY_METRICS_HOST", "LUCID_JWT_MAX_LIFETIME_SECONDS"] {
            #expect(found.contains { $0.hasPrefix(name) }, "\(name) missing: \(found)")
        }
        env["LUCID_PROFILE"] = "development"
        #expect(try GatewayConfiguration.fromEnvironment(env).tokenLimits.maxLifetimeSeconds == 86_400)
    }

    @Test("systemd credentials name the key files; credential:ID without the directory is refused")
    func credentials() throws {
        let files = try Files()
        var env = files.fit
        env["CREDENTIALS_DIRECTORY"] = files.dir.path
        env["LUCID_GATEWAY_SIGNING_KEY_FILE"] = "credential:signing-key.pem"
        env["LUCID_ASSERTION_KEY_FILE"] = "credential:assertion-key"
        env["LUCID_ONION_HOST_FILE"] = "credential:hostname"
        #expect(try GatewayConfiguration.fromEnvironment(env).assertionKey.kid == "k1")
        env["CREDENTIALS_DIRECTORY"] = nil
        let found = try #require(problems(env))
        // Named once, though the production checks read the same variable again.
        #expect(
            found.filter { $0.hasPrefix("LUCID_GATEWAY_SIGNING_KEY_FILE: credential:signing-key.pem needs") }.count
                == 1,
            "\(found)")
    }
}
