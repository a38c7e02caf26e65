import Foundation
import PaymentBackend
import TestSupport
import Testing
import TronKit

@Suite("Production profile")
struct ProductionProfileTests {
    /// A temp dir with a keystore, its password file and a plain key file.
    final class Files {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prod-\(UUID().uuidString)")
        let key = PrivateKey.random()
        var keystore: String { dir.appendingPathComponent("hot.json").path }
        var password: String { dir.appendingPathComponent("password").path }
        var plainKey: String { dir.appendingPathComponent("hot.key").path }
        var assertionKey: String { dir.appendingPathComponent("assertion-key").path }
        /// The password again, readable by everyone (mode 0644).
        var openPassword: String { dir.appendingPathComponent("password-0644").path }

        init() throws {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let secrets: [(String, Data, Int)] = [
                (password, Data("s3cret password\n".utf8), 0o600),
                (openPassword, Data("s3cret password\n".utf8), 0o644),
                (assertionKey, Data(("k1:" + String(repeating: "ab", count: 32) + "\n").utf8), 0o400),
                (
                    keystore, try Keystore.encrypt(key, password: Array("s3cret password".utf8), scryptN: 1 << 10),
                    0o600
                ),
            ]
            try writeFiles(secrets.map { ($0.0, $0.1, $0.2) })
            try PrivateKeyFile.write(key, to: plainKey)
        }

        /// `path` relative to the working directory.
        func relative(_ path: String) -> String {
            let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
            return String(repeating: "../", count: depth) + path.dropFirst()
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        /// A configuration that production accepts.
        var fit: [String: String] {
            [
                "LUCID_PROFILE": "production", "TRON_NETWORK": "mainnet",
                "TRON_FULLNODE_URL": "http://tron.example:8090",
                "TRON_SOCKS_PROXY": "127.0.0.1:9050", "WALLET_KEYSTORE_FILE": keystore,
                "WALLET_KEYSTORE_PASSWORD_FILE": password,
                "LUCID_ASSERTION_KEY_FILE": assertionKey, "LUCID_WALLET_HOST": "10.0.0.5",
            ]
        }
    }

    func problems(_ env: [String: String]) -> String? {
        do {
            _ = try WalletConfiguration.fromEnvironment(env)
            return nil
        } catch let WalletError.configuration(text) {
            return text
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("a fit production configuration starts, with the hot key from the keystore")
    func fit() throws {
        let files = try Files()
        let config = try WalletConfiguration.fromEnvironment(files.fit)
        #expect(config.profile == .production)
        #expect(config.keySource == .keystore)
        #expect(config.hotKey.address == files.key.address)
    }

    /// Each change to the fit configuration, and the variable its refusal must name.
    static let refusals: [(String, [String: String?], String)] = [
        ("not mainnet", ["TRON_NETWORK": "nile"], "TRON_NETWORK: production pays on mainnet only"),
        (
            "a test token", ["USDT_CONTRACT": PrivateKey.random().address.base58],
            "USDT_CONTRACT: production pays mainnet USDT"
        ),
        ("no SOCKS egress", ["TRON_SOCKS_PROXY": nil], "TRON_SOCKS_PROXY: production reaches the TRON node only"),
        (
            "a plain key file", ["WALLET_KEYSTORE_FILE": nil, "WALLET_PRIVATE_KEY_FILE": "<plain>"],
            "WALLET_KEYSTORE_FILE"
        ),
        ("no assertion key", ["LUCID_ASSERTION_KEY_FILE": nil], "LUCID_ASSERTION_KEY: required"),
        (
            "a short assertion key", ["LUCID_ASSERTION_KEY_FILE": nil, "LUCID_ASSERTION_KEY": "k1:abcd"],
            "LUCID_ASSERTION_KEY"
        ),
        (
            "the assertion key inline",
            ["LUCID_ASSERTION_KEY_FILE": nil, "LUCID_ASSERTION_KEY": "k1:" + String(repeating: "ab", count: 32)],
            "LUCID_ASSERTION_KEY: production reads secrets from LUCID_ASSERTION_KEY_FILE"
        ),
        (
            "the keystore password inline",
            ["WALLET_KEYSTORE_PASSWORD_FILE": nil, "WALLET_KEYSTORE_PASSWORD": "s3cret password"],
            "WALLET_KEYSTORE_PASSWORD: production reads secrets from"
        ),
        ("the node's API key inline", ["TRON_API_KEY": "key-abc"], "TRON_API_KEY: production reads secrets from"),
        (
            "a password file readable by everyone", ["WALLET_KEYSTORE_PASSWORD_FILE": "<open>"],
            "WALLET_KEYSTORE_PASSWORD_FILE: /"
        ),
        ("a relative keystore path", ["WALLET_KEYSTORE_FILE": "<relative>"], "WALLET_KEYSTORE_FILE: production names"),
        (
            "a credential without systemd's directory", ["LUCID_ASSERTION_KEY_FILE": "credential:assertion-key"],
            "LUCID_ASSERTION_KEY_FILE: credential:assertion-key needs CREDENTIALS_DIRECTORY"
        ),
        ("hourly = daily", ["LIMIT_HOURLY_USDT": "5000", "LIMIT_DAILY_USDT": "5000"], "LIMIT_HOURLY_USDT"),
        ("a fee cap of 500 TRX", ["FEE_LIMIT_CAP_TRX": "500"], "FEE_LIMIT_CAP_TRX: at most 100"),
        ("a wildcard listener", ["LUCID_WALLET_HOST": "0.0.0.0"], "LUCID_WALLET_HOST"),
        ("a public listener", ["LUCID_WALLET_HOST": "203.0.113.7"], "LUCID_WALLET_HOST"),
        ("an IPv6 wildcard", ["LUCID_WALLET_HOST": "::"], "LUCID_WALLET_HOST"),
        (
            "a wrong keystore password", ["WALLET_KEYSTORE_PASSWORD": "nope", "WALLET_KEYSTORE_PASSWORD_FILE": nil],
            "WALLET_KEYSTORE_FILE: wrong password"
        ),
    ]

    @Test("each unsafe setting is refused, naming its variable", arguments: 0..<refusals.count)
    func refusal(index: Int) throws {
        let (name, change, expected) = Self.refusals[index]
        let files = try Files()
        var env = files.fit
        for (k, v) in change {
            switch v {
            case "<plain>": env[k] = files.plainKey
            case "<open>": env[k] = files.openPassword
            case "<relative>": env[k] = files.relative(env[k]!)
            default: env[k] = v
            }
        }
        let text = try #require(problems(env), "\(name) was accepted")
        #expect(text.contains(expected), "\(name): \(text)")
        #expect(!text.contains("s3cret") && !text.contains("abab"), "a secret leaked: \(text)")
    }

    @Test("systemd credentials: credential:ID names a file in CREDENTIALS_DIRECTORY")
    func credentials() throws {
        let files = try Files()
        var env = files.fit
        env["CREDENTIALS_DIRECTORY"] = files.dir.path
        env["LUCID_ASSERTION_KEY_FILE"] = "credential:assertion-key"
        env["WALLET_KEYSTORE_PASSWORD_FILE"] = "credential:password"
        env["WALLET_KEYSTORE_FILE"] = "credential:hot.json"
        let config = try WalletConfiguration.fromEnvironment(env)
        #expect(config.hotKey.address == files.key.address)
        #expect(config.assertionKeys.map(\.kid) == ["k1"])
        env["WALLET_KEYSTORE_PASSWORD_FILE"] = "credential:../password"
        #expect(problems(env)?.contains("WALLET_KEYSTORE_PASSWORD_FILE: credential:ID names a credential") == true)
    }

    @Test("every problem is named at once")
    func allAtOnce() throws {
        let files = try Files()
        var env = files.fit
        env["TRON_NETWORK"] = "devnet"
        env["TRON_SOCKS_PROXY"] = nil
        env["LUCID_WALLET_HOST"] = "0.0.0.0"
        let text = try #require(problems(env))
        for name in ["TRON_NETWORK", "TRON_SOCKS_PROXY", "LUCID_WALLET_HOST"] { #expect(text.contains(name)) }
    }

    @Test("development accepts what production refuses")
    func development() throws {
        let files = try Files()
        var env = files.fit
        env["LUCID_PROFILE"] = nil
        env["TRON_NETWORK"] = "devnet"
        env["TRON_SOCKS_PROXY"] = nil
        env["WALLET_KEYSTORE_FILE"] = nil
        env["WALLET_PRIVATE_KEY_FILE"] = files.plainKey
        env["LUCID_WALLET_HOST"] = "0.0.0.0"
        let config = try WalletConfiguration.fromEnvironment(env)
        #expect(config.profile == .development && config.keySource == .plainFile)
    }
}
