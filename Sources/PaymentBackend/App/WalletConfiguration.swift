import Foundation
import LucidAssertion
import LucidConfiguration
import TronKit

/// The wallet's start-up configuration, read from environment variables. Every problem is reported
/// at once, naming the variable. Secrets can come from `NAME_FILE` instead of `NAME`.
///
/// | Variable | Default | Meaning |
/// |---|---|---|
/// | `LUCID_WALLET_HOST` / `LUCID_WALLET_PORT` | 127.0.0.1 / 8081 | listen address |
/// | `LUCID_WALLET_DB` | data/wallet/wallet.sqlite | SQLite file |
/// | `LUCID_POLICY_FILES` | acl/planes.acl,acl/roles.acl | plane ACL and roles (validated at start-up) |
/// | `TRON_FULLNODE_URL` | (required) | java-tron HTTP API base URL |
/// | `TRON_SOLIDITY_URL` | = full node | base URL for /walletsolidity |
/// | `TRON_API_KEY[_FILE]` | none | TronGrid key (`TRON-PRO-API-KEY`) |
/// | `TRON_SOCKS_PROXY` | none | `host:port` of Tor's SocksPort (names resolved by the proxy) |
/// | `TRON_CALL_TIMEOUT_MS` | 10000 | deadline per node call |
/// | `TRON_MAX_CONNECTIONS` | 16 | pooled connections to the node (each is a Tor circuit) |
/// | `WALLET_PRIVATE_KEY_FILE` | (required) | hot key, 64 hex digits (dev; a keystore comes later) |
/// | `LUCID_ASSERTION_KEY[_FILE]` | (required) | `kid:hex-secret` (≥ 32 bytes) of the current key |
/// | `LUCID_ASSERTION_PREVIOUS_KEY[_FILE]` | none | the previous key, accepted during rotation |
/// | `LIMIT_HOURLY_USDT` / `LIMIT_DAILY_USDT` / `LIMIT_RECIPIENT_DAILY_USDT` | 10000 / 100000 / 20000 | durable limits |
/// | `V0_MIN_USDT` / `V0_MAX_USDT` / `KYC_MIN_USDT` / `KYC_MAX_USDT` | 0.01 / 1000 / 0.01 / 5000 | per-payout bounds |
/// | `KYC_MIN_LEVEL` | 2 | minimum KYC level for the kyc route |
/// | `FEE_LIMIT_CAP_TRX` / `FEE_MARGIN_PERCENT` | 50 / 120 | fee_limit policy |
/// | `BREAKER_FAILURES` / `BREAKER_OPEN_SECONDS` / `BREAKER_SUCCESSES` | 5 / 60 / 2 | circuit breaker |
/// | `ENGINE_TICK_MS` / `TX_LIFETIME_MS` / `ENGINE_BATCH_SIZE` | 500 / 60000 / 500 | engine timing |
/// | `CONFIRMATION_POLL_MS` | 3000 | least time between receipt look-ups of one payout |
/// | `ENGINE_CONCURRENCY` | 16 | node calls in flight per pass |
/// | `CHAIN_REFRESH_MS` | 1000 | how long a fetched solid/head block is reused |
public struct WalletConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8081
    public var databasePath = "data/wallet/wallet.sqlite"
    public var node: FullNodeConfiguration
    public var hotKey: PrivateKey
    public var assertionKeys: [AssertionKey]
    public var engine = EngineConfiguration()
    /// The plane ACL files (`LUCID_POLICY_FILES`, comma-separated).
    public var policyFiles = ["acl/planes.acl", "acl/roles.acl"]

    /// Reads and validates `environment`; throws `.configuration` listing every problem.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> WalletConfiguration
    {
        let reader = EnvironmentReader(env)
        let value = reader.value
        let int = reader.int
        func usdt(_ name: String, _ d: MicroUSDT) -> MicroUSDT {
            guard let s = value(name) else { return d }
            do throws(TronKitError) {
                let v = try MicroUSDT(parsing: s)
                guard v.value > 0 else { throw TronKitError.invalidAmount("must be positive") }
                return v
            } catch {
                reader.problem("\(name): \(error.reason)")
                return d
            }
        }
        var config = WalletConfiguration(
            node: FullNodeConfiguration(fullNodeURL: ""), hotKey: PrivateKey.random(), assertionKeys: [])
        config.host = value("LUCID_WALLET_HOST") ?? config.host
        config.port = int("LUCID_WALLET_PORT", config.port, 0...65535)
        config.databasePath = value("LUCID_WALLET_DB") ?? config.databasePath
        if let files = value("LUCID_POLICY_FILES") { config.policyFiles = files.split(separator: ",").map(String.init) }

        if let url = value("TRON_FULLNODE_URL"), url.hasPrefix("http://") || url.hasPrefix("https://") {
            config.node.fullNodeURL = url
        } else {
            reader.problem("TRON_FULLNODE_URL: required http(s) URL of a java-tron HTTP API")
        }
        if let url = value("TRON_SOLIDITY_URL") { config.node.solidityNodeURL = url }
        config.node.apiKey = value("TRON_API_KEY")
        if let proxy = value("TRON_SOCKS_PROXY") {
            let parts = proxy.split(separator: ":")
            if parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) {
                config.node.socksProxy = .init(host: String(parts[0]), port: port)
            } else {
                reader.problem("TRON_SOCKS_PROXY: expected host:port")
            }
        }
        config.node.callTimeout = .milliseconds(int("TRON_CALL_TIMEOUT_MS", 10_000, 100...120_000))
        config.node.maxConnectionsPerHost = int("TRON_MAX_CONNECTIONS", 16, 1...256)

        if let path = env["WALLET_PRIVATE_KEY_FILE"] {
            do { config.hotKey = try PrivateKeyFile.read(path) } catch {
                reader.problem("WALLET_PRIVATE_KEY_FILE: \(error.reason)")
            }
        } else {
            reader.problem("WALLET_PRIVATE_KEY_FILE: required (a file holding the hot key as 64 hex digits)")
        }
        config.assertionKeys = [
            reader.assertionKey("LUCID_ASSERTION_KEY", required: true),
            reader.assertionKey("LUCID_ASSERTION_PREVIOUS_KEY", required: false),
        ]
        .compactMap { $0 }

        var e = EngineConfiguration()
        e.limits.hourly = usdt("LIMIT_HOURLY_USDT", e.limits.hourly)
        e.limits.daily = usdt("LIMIT_DAILY_USDT", e.limits.daily)
        e.limits.perRecipientDaily = usdt("LIMIT_RECIPIENT_DAILY_USDT", e.limits.perRecipientDaily)
        e.limits.v0 = .init(min: usdt("V0_MIN_USDT", e.limits.v0.min), max: usdt("V0_MAX_USDT", e.limits.v0.max))
        e.limits.kyc = .init(min: usdt("KYC_MIN_USDT", e.limits.kyc.min), max: usdt("KYC_MAX_USDT", e.limits.kyc.max))
        e.limits.minimumKYCLevel = int("KYC_MIN_LEVEL", e.limits.minimumKYCLevel, 1...5)
        if let cap = value("FEE_LIMIT_CAP_TRX") {
            do { e.fees.cap = try Sun(parsing: cap) } catch { reader.problem("FEE_LIMIT_CAP_TRX: \(error.reason)") }
        }
        e.fees.marginPercent = Int64(int("FEE_MARGIN_PERCENT", 120, 100...500))
        e.breaker = CircuitBreaker(
            failureThreshold: int("BREAKER_FAILURES", 5, 1...1000),
            openDurationMs: Int64(int("BREAKER_OPEN_SECONDS", 60, 1...86_400)) * 1000,
            successThreshold: int("BREAKER_SUCCESSES", 2, 1...1000))
        e.tickInterval = .milliseconds(int("ENGINE_TICK_MS", 500, 5...60_000))
        e.transactionLifetimeMs = Int64(int("TX_LIFETIME_MS", 60_000, 1_000...86_400_000))
        e.batchSize = int("ENGINE_BATCH_SIZE", 500, 1...10_000)
        e.concurrency = int("ENGINE_CONCURRENCY", 16, 1...256)
        e.confirmationPollMs = Int64(int("CONFIRMATION_POLL_MS", 3_000, 10...600_000))
        e.chainRefreshMs = Int64(int("CHAIN_REFRESH_MS", 1_000, 0...60_000))
        for (name, bounds) in [("V0", e.limits.v0), ("KYC", e.limits.kyc)] where bounds.min > bounds.max {
            reader.problem("\(name)_MIN_USDT: must not exceed \(name)_MAX_USDT")
        }
        if e.limits.hourly > e.limits.daily { reader.problem("LIMIT_HOURLY_USDT: must not exceed LIMIT_DAILY_USDT") }
        config.engine = e

        guard reader.problems.isEmpty else { throw WalletError.configuration(reader.problems.joined(separator: "; ")) }
        return config
    }
}
