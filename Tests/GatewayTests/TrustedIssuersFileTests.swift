import Foundation
import Gateway
import Logging
import Testing

/// Keys and issuers from files, as an operator configures them: `LUCID_TRUSTED_ISSUERS_FILE` naming
/// JWKS files, read at start-up; a file that could mean two things is refused.
@Suite struct TrustedIssuersFileTests {
    static func environment(_ dir: URL, issuers: String) throws -> [String: String] {
        let pem = dir.appendingPathComponent("signing.pem")
        try Data(TokenIssuer.generatePEM().utf8).write(to: pem)
        let file = dir.appendingPathComponent("issuers.json")
        try Data(issuers.utf8).write(to: file)
        return [
            "LUCID_ASSERTION_KEY": "k1:" + String(repeating: "ab", count: 32),
            "LUCID_GATEWAY_SIGNING_KEY_FILE": pem.path, "LUCID_TRUSTED_ISSUERS_FILE": file.path,
        ]
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("issuers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("an issuer from the file, its JWKS from a file: its tokens verify, its roles are what it lists")
    func issuersAndJWKSFromFiles() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jwks = dir.appendingPathComponent("idp.jwks.json")
        try Data(TestKeys.jwks([TestKeys.es256, TestKeys.rs256]).utf8).write(to: jwks)
        let env = try Self.environment(
            dir,
            issuers:
                #"[{"issuer":"https://idp.test","audiences":["lucid-api"],"jwks_files":["\#(jwks.path)"],"roles":["service","end_user"]}]"#
        )
        let config = try GatewayConfiguration.fromEnvironment(env)
        #expect(config.trustedIssuers.map(\.issuer) == ["https://idp.test"])
        #expect(config.trustedIssuers.first?.roles == .only(["service", "end_user"]))
        let v = try await AccessTokenVerifier(
            issuers: config.trustedIssuers, roles: AccessTokenTests.roles, logger: Logger(label: "t"))
        for key in [TestKeys.es256, TestKeys.rs256] {
            #expect(try await v.verify(TestKeys.token(key, claims: TestKeys.claims())).issuer == "https://idp.test")
        }
        #expect(
            await AccessTokenTests.refusal(v, TestKeys.token(TestKeys.es256, claims: TestKeys.claims(role: "admin")))
                == .roleNotGrantable)
        #expect(
            await AccessTokenTests.refusal(v, TestKeys.token(TestKeys.hs256, claims: TestKeys.claims())) == .unknownKey,
            "a key not in the file")
    }

    @Test("without roles, an issuer grants every role but admin")
    func defaultRoles() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = try Self.environment(dir, issuers: #"[{"issuer":"https://idp.test","audiences":["a"]}]"#)
        #expect(try GatewayConfiguration.fromEnvironment(env).trustedIssuers.first?.roles == .allButAdmin)
    }

    @Test("a file that is ambiguous, unknown or unreadable stops the start, naming the variable")
    func refusedFiles() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for text in [
            #"[{"issuer":"https://idp.test","audiences":["a"],"audiences":["b"]}]"#,
            #"[{"issuer":"https://idp.test","audiences":["a"],"jwks_file":["typo.json"]}]"#,
            #"[{"issuer":"https://idp.test#x","audiences":["a"]}]"#,
            #"[{"issuer":"https://idp.test","audiences":["a"],"roles":"admin"}]"#,
            #"[{"issuer":"https://idp.test","audiences":[]}]"#, "not json",
        ] {
            let env = try Self.environment(dir, issuers: text)
            #expect(throws: GatewayConfiguration.Invalid.self, "\(text)") {
                _ = try GatewayConfiguration.fromEnvironment(env)
            }
            do { _ = try GatewayConfiguration.fromEnvironment(env) } catch let e as GatewayConfiguration.Invalid {
                #expect(e.description.contains("LUCID_TRUSTED_ISSUERS_FILE"))
            }
        }
        // A JWKS file that is missing is refused when the verifier is built.
        let env = try Self.environment(
            dir, issuers: #"[{"issuer":"https://idp.test","audiences":["a"],"jwks_files":["/nonexistent.json"]}]"#)
        let config = try GatewayConfiguration.fromEnvironment(env)
        await #expect(throws: (any Error).self) {
            _ = try await AccessTokenVerifier(
                issuers: config.trustedIssuers, roles: AccessTokenTests.roles, logger: Logger(label: "t"))
        }
    }
}
