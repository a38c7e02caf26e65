import Foundation
import LucidAssertion
import LucidConfiguration
import TronKit

/// The wallet's start-up configuration, read from environment variables and, optionally, a
/// `NAME=value` file named by `LUCID_WALLET_CONFIG_FILE` (the environment wins). Every problem is
/// reported at once, naming the variable. Secrets can come from `NAME_FILE` instead of `NAME`; a file
/// variable may name a systemd credential as `credential:ID` (in `$CREDENTIALS_DIRECTORY`).
///
/// | Variable | Default | Meaning |
/// |---|---|---|
/// | `LUCID_WALLET_CONFIG_FILE` | none | a `NAME=value` file for any variable below (the environment wins) |
/// | `LUCID_WALLET_HOST` / `LUCID_WALLET_PORT` | 127.0.0.1 / 8081 | listen address |
/// | `LUCID_WALLET_DB` | data/wallet/wallet.sqlite | SQLite file |
/// | `LUCID_POLICY_FILES` | acl/planes.acl,acl/roles.acl | plane ACL and roles (validated at start-up) |
/// | `TRON_FULLNODE_URL` | (required) | java-tron HTTP API base URL |
/// | `TRON_SOLIDITY_URL` | = full node | base URL for /walletsolidity |
/// | `TRON_API_KEY[_FILE]` | none | TronGrid key (`TRON-PRO-API-KEY`) |
/// | `TRON_CA_FILE` | system roots | PEM CA certificates an https node must chain to, instead of the system roots |
/// | `TRON_SOCKS_PROXY` | none | `host:port` of Tor's SocksPort (names resolved by the proxy; node and webhook URLs must then name a host, not an IP address, which Tor's SafeSocks refuses) |
/// | `TRON_CALL_TIMEOUT_MS` | 10000 | deadline per node call |
/// | `TRON_MAX_CONNECTIONS` | 16 | pooled connections to the node (through Tor, tor chooses their circuits: connections to one destination may share one) |
/// | `LUCID_PROFILE` | development | `production` refuses to start on any `ProductionProfile` problem |
/// | `TRON_NETWORK` | devnet | mainnet, nile, shasta or devnet (production requires mainnet). The node's genesis block id must match (the devnet reports its own, never a public network's): checked at start-up (a mismatch stops the wallet, naming both) and before signing after any lost connection (payouts are held `NETWORK_MISMATCH`, nothing is signed) |
/// | `USDT_CONTRACT` | TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t | the USDT-TRC20 contract |
/// | `WALLET_KEYSTORE_FILE` | — | hot key in a Web3 Secret Storage v3 file (`lucidctl keystore new`) |
/// | `WALLET_KEYSTORE_PASSWORD[_FILE]` | — | its password (a file, Docker/systemd secrets style) |
/// | `WALLET_PRIVATE_KEY_FILE` | — | development only: the hot key as 64 hex digits, instead of a keystore |
/// | `WALLET_RETIRED_ADDRESSES` | none | earlier hot addresses after a key rotation (comma-separated) |
/// | `LUCID_ASSERTION_KEY[_FILE]` | (required) | `kid:hex-secret` (≥ 32 bytes) of the current key |
/// | `LUCID_ASSERTION_PREVIOUS_KEY[_FILE]` | none | the previous key, accepted during rotation |
/// | `LIMIT_HOURLY_USDT` / `LIMIT_DAILY_USDT` / `LIMIT_RECIPIENT_DAILY_USDT` | 10000 / 100000 / 20000 | durable limits |
/// | `V0_MIN_USDT` / `V0_MAX_USDT` / `KYC_MIN_USDT` / `KYC_MAX_USDT` | 0.01 / 1000 / 0.01 / 5000 | per-payout bounds |
/// | `KYC_MIN_LEVEL` | 2 | minimum KYC level for the kyc route |
/// | `FEE_LIMIT_CAP_TRX` / `FEE_MARGIN_PERCENT` | 50 / 120 | fee_limit policy |
/// | `STAKING_MAX_TRX_PER_OPERATION` / `STAKING_MAX_TRX_PER_DAY` | 100000 / 1000000 | TRX a staking operation (stake, unstake, delegate, undelegate) may move, and all of them in a UTC day |
/// | `STAKING_AUTO_CAP_TRX` / `STAKING_AUTO_RESERVE_TRX` / `STAKING_AUTO_INTERVAL_MS` | 0 (off) / 100 / 3600000 | auto-staking: when the plan says the stake does not cover a day's payouts, stake what is missing for energy, keeping at most the cap staked and the reserve liquid |
/// | `MAX_PAYOUT_RETRY_ATTEMPTS` | 5 | new attempts after the first, each signed only once the one before is expired and proven absent from the solid chain; past them the payout fails `RETRY_LIMIT_REACHED` |
/// | `PAYOUT_TIMEOUT` / `PAYOUT_TIMEOUT_SWEEP_MS` | 86400 / 60000 | seconds a payout may stay unpaid after its batch window starts (0: no deadline): past it, one with nothing signed, or whose last attempt is expired and proven absent, fails `PAYOUT_TIMEOUT` and its reservation is released; one whose transaction could still land is left to land or expire first. Unsigned payouts are swept at most once a minute and never signed past their deadline |
/// | `BREAKER_FAILURES` / `BREAKER_FAILURE_RATE_PERCENT` / `BREAKER_WINDOW_SECONDS` | 5 / 50 / 10 | the breaker opens when at least 5 node calls, and at least half of the last 10 s's calls, failed (transient refusals such as `SERVER_BUSY` count as failures, successes in the same window count too) |
/// | `BREAKER_OPEN_SECONDS` / `BREAKER_MAX_OPEN_SECONDS` / `BREAKER_SUCCESSES` | 5 / 60 / 2 | cool-down before a probe, doubled by each failed probe up to the max; successes (a call already out that answers counts) that close it. Payouts held `CIRCUIT_OPEN` stay due and go out on the first pass after it lets calls through |
/// | `ENGINE_TICK_MS` / `TX_LIFETIME_MS` / `ENGINE_BATCH_SIZE` | 500 / 60000 / 500 | engine timing |
/// | `CONFIRMATION_POLL_MS` | 3000 | least time between receipt look-ups of one payout |
/// | `ENGINE_CONCURRENCY` | 16 | node calls in flight per pass |
/// | `CHAIN_REFRESH_MS` | 1000 | how long a fetched solid/head block is reused |
/// | `KYC_SWEEP_MS` | 60000 | how often expired KYC records are marked expired |
/// | `WEBHOOK_POLL_MS` | 1000 | how often the webhook outbox is checked |
/// | `RECONCILE_INTERVAL_MS` | 300000 | how often the chain is scanned and the ledger reconciled |
/// | `RECONCILE_START_BLOCK` | devnet: 0, else the solid head at the first run | first block scanned (set the go-live block on mainnet) |
/// | `WEBHOOK_RETRY_BASE_MS` / `WEBHOOK_MAX_DELAY_MS` / `WEBHOOK_MAX_AGE_MS` | 5000 / 3600000 / 86400000 | retry backoff: first delay, cap, give-up age |
public struct WalletConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8081
    public var databasePath = "data/wallet/wallet.sqlite"
    public var node: FullNodeConfiguration
    public var hotKey: PrivateKey
    public var assertionKeys: [AssertionKey]
    public var engine = EngineConfiguration()
    /// Limits on staking operations.
    public var staking = StakingLimits()
    /// Auto-staking: the most TRX it keeps staked (0: off), the TRX it leaves liquid, how often it looks.
    public var autoStakeCapTRX: Int64 = 0
    public var autoStakeReserveTRX: Int64 = 100
    public var autoStakeInterval: Duration = .seconds(3_600)
    /// The plane ACL files (`LUCID_POLICY_FILES`, comma-separated).
    public var policyFiles = ["acl/planes.acl", "acl/roles.acl"]
    /// `development` (the default) or `production` (strict start-up checks).
    public var profile = Profile.development
    /// The TRON network the node serves (`TRON_NETWORK`).
    public var network = TronNetwork.devnet
    /// Where the hot key came from.
    public var keySource = KeySource.plainFile
    /// How often the KYC expiry sweep runs.
    public var kycSweepInterval: Duration = .seconds(60)
    /// Webhook retry settings (egress follows `node.socksProxy`).
    public var webhooks = WebhookDeliverer.Configuration()
    /// How often the webhook outbox is checked.
    public var webhookPollInterval: Duration = .seconds(1)
    /// Where reconciliation starts and how much it reads per run.
    public var reconciliation = Reconciler.Configuration()
    /// How often reconciliation runs.
    public var reconciliationInterval: Duration = .seconds(300)

    /// The start-up profile: production refuses configurations that are only fit for development.
    public enum Profile: String, Sendable, CaseIterable { case development, production }
    /// TRON networks the wallet knows by name.
    public enum TronNetwork: String, Sendable, CaseIterable { case mainnet, nile, shasta, devnet }
    /// How the hot key was loaded.
    public enum KeySource: Sendable, Equatable { case keystore, plainFile }

    /// Reads and validates `environment`; throws `.configuration` listing every problem.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> WalletConfiguration
    {
        let (config, problems) = read(env)
        guard problems.isEmpty else { throw WalletError.configuration(problems.joined(separator: "; ")) }
        return config
    }

    /// Every problem the wallet would refuse to start with, each naming its variable (none: it
    /// would start); what `lucidctl config check --wallet` prints. No value of a secret is named.
    public static func problems(in env: [String: String]) -> [String] { read(env).problems }

    /// The configuration `env` describes and every problem with it.
    private static func read(_ env: [String: String]) -> (WalletConfiguration, problems: [String]) {
        let reader = EnvironmentReader(env, fileVariable: "LUCID_WALLET_CONFIG_FILE")
        var config = WalletConfiguration(
            node: readNode(reader), hotKey: PrivateKey.random(), assertionKeys: [])
        config.host = reader.value("LUCID_WALLET_HOST") ?? config.host
        config.port = reader.int("LUCID_WALLET_PORT", config.port, 0...65535)
        config.databasePath = reader.value("LUCID_WALLET_DB") ?? config.databasePath
        if let files = reader.value("LUCID_POLICY_FILES") {
            config.policyFiles = files.split(separator: ",").map(String.init)
        }
        config.profile = enumValue(reader, "LUCID_PROFILE", config.profile)
        config.network = enumValue(reader, "TRON_NETWORK", config.network)
        readKeys(reader, into: &config)
        config.engine = readEngine(reader, network: config.network)
        config.staking = readStakingLimits(reader)
        config.autoStakeCapTRX = Int64(reader.int("STAKING_AUTO_CAP_TRX", 0, 0...100_000_000_000))
        config.autoStakeReserveTRX = Int64(reader.int("STAKING_AUTO_RESERVE_TRX", 100, 0...100_000_000_000))
        config.autoStakeInterval = .milliseconds(reader.int("STAKING_AUTO_INTERVAL_MS", 3_600_000, 1_000...86_400_000))
        readSchedules(reader, into: &config)
        if config.profile == .production {
            for problem in ProductionProfile.problems(config) + ProductionProfile.secretProblems(reader) {
                reader.problem(problem)
            }
        }
        return (config, reader.problems)
    }

    /// The node: its URLs, key, trust roots, the SOCKS proxy (Tor) and call limits.
    private static func readNode(_ reader: EnvironmentReader) -> FullNodeConfiguration {
        var node = FullNodeConfiguration(fullNodeURL: "")
        if let url = reader.value("TRON_FULLNODE_URL"), FullNodeConfiguration.isNodeURL(url) {
            node.fullNodeURL = url
        } else {
            reader.problem("TRON_FULLNODE_URL: required http(s) URL of a java-tron HTTP API")
        }
        node.solidityNodeURL = reader.value(
            "TRON_SOLIDITY_URL", else: "must be an http(s) URL of a java-tron HTTP API",
            where: FullNodeConfiguration.isNodeURL)
        node.apiKey = reader.value(
            "TRON_API_KEY", else: "must be printable ASCII without spaces", where: FullNodeConfiguration.isHeaderValue)
        node.trustRootsFile = reader.value(
            "TRON_CA_FILE", else: "must be a readable PEM file of CA certificates",
            where: FullNodeConfiguration.isTrustRootsFile)
        if let proxy = reader.hostAndPort("TRON_SOCKS_PROXY") {
            node.socksProxy = .init(host: proxy.host, port: proxy.port)
            for (name, url) in [
                ("TRON_FULLNODE_URL", node.fullNodeURL), ("TRON_SOLIDITY_URL", node.solidityNodeURL ?? ""),
            ]
            where IPLiteralHost.in(url) {
                reader.problem(
                    "\(name): name the node by host name (or .onion), not an IP address: through TRON_SOCKS_PROXY "
                        + "Tor (SafeSocks) refuses connections given only an IP address")
            }
        }
        node.callTimeout = .milliseconds(reader.int("TRON_CALL_TIMEOUT_MS", 10_000, 100...120_000))
        node.maxConnectionsPerHost = reader.int("TRON_MAX_CONNECTIONS", 16, 1...256)
        return node
    }

    /// The hot key (a keystore with its password file; a plain key file in development) and the
    /// assertion keys (current and previous).
    private static func readKeys(_ reader: EnvironmentReader, into config: inout WalletConfiguration) {
        if let keystore = reader.path("WALLET_KEYSTORE_FILE") {
            config.keySource = .keystore
            do throws(TronKitError) {
                guard let password = reader.secretBytes("WALLET_KEYSTORE_PASSWORD") else {
                    throw .invalidKeystore("WALLET_KEYSTORE_PASSWORD_FILE is required with a keystore")
                }
                guard let json = FileManager.default.contents(atPath: keystore) else {
                    throw .invalidKeystore("cannot read \(keystore)")
                }
                config.hotKey = try Keystore.decrypt(json, password: password)
            } catch {
                reader.problem("WALLET_KEYSTORE_FILE: \(error.reason)")
            }
        } else if let path = reader.path("WALLET_PRIVATE_KEY_FILE") {
            config.keySource = .plainFile
            do { config.hotKey = try PrivateKeyFile.read(path) } catch {
                reader.problem("WALLET_PRIVATE_KEY_FILE: \(error.reason)")
            }
        } else {
            reader.problem(
                "WALLET_KEYSTORE_FILE: required (the hot key's keystore; WALLET_PRIVATE_KEY_FILE in development)")
        }
        config.assertionKeys = [
            reader.parsed("LUCID_ASSERTION_KEY", required: AssertionKey.textForm, AssertionKey.init(parsing:)),
            reader.parsed("LUCID_ASSERTION_PREVIOUS_KEY", required: nil, AssertionKey.init(parsing:)),
        ]
        .compactMap { $0 }
    }

    /// A positive USDT amount, exactly parsed; `fallback` when unset or bad (a problem is noted).
    private static func usdt(_ reader: EnvironmentReader, _ name: String, _ fallback: MicroUSDT) -> MicroUSDT {
        guard let s = reader.value(name) else { return fallback }
        do throws(TronKitError) {
            let v = try MicroUSDT(parsing: s)
            guard v.value > 0 else { throw TronKitError.invalidAmount("must be positive") }
            return v
        } catch {
            reader.problem("\(name): \(error.reason)")
            return fallback
        }
    }

    /// The engine: contract and retired addresses, limits, fees, the breaker, retries and pacing.
    private static func readEngine(_ reader: EnvironmentReader, network: TronNetwork) -> EngineConfiguration {
        let int = reader.int
        var e = EngineConfiguration()
        for text in reader.list("WALLET_RETIRED_ADDRESSES") ?? [] {
            do { e.retiredAddresses.append(try TronAddress(text)) } catch {
                reader.problem("WALLET_RETIRED_ADDRESSES: \(text): \(error.reason)")
            }
        }
        if let contract = reader.value("USDT_CONTRACT") {
            do { e.usdtContract = try TronAddress(contract) } catch { reader.problem("USDT_CONTRACT: \(error.reason)") }
        }
        e.limits = readLimits(reader, e.limits)
        if let cap = reader.value("FEE_LIMIT_CAP_TRX") {
            do { e.fees.cap = try Sun(parsing: cap) } catch { reader.problem("FEE_LIMIT_CAP_TRX: \(error.reason)") }
        }
        e.fees.marginPercent = Int64(int("FEE_MARGIN_PERCENT", 120, 100...500))
        e.breaker = CircuitBreaker(
            failureThreshold: int("BREAKER_FAILURES", 5, 1...1000),
            failureRatePercent: int("BREAKER_FAILURE_RATE_PERCENT", 50, 1...100),
            windowMs: Int64(int("BREAKER_WINDOW_SECONDS", 10, 1...3600)) * 1000,
            openDurationMs: Int64(int("BREAKER_OPEN_SECONDS", 5, 1...86_400)) * 1000,
            maxOpenDurationMs: Int64(int("BREAKER_MAX_OPEN_SECONDS", 60, 1...86_400)) * 1000,
            successThreshold: int("BREAKER_SUCCESSES", 2, 1...1000))
        e.maxRetryAttempts = int("MAX_PAYOUT_RETRY_ATTEMPTS", 5, 0...100)
        e.payoutTimeoutMs = Int64(int("PAYOUT_TIMEOUT", 86_400, 0...30 * 86_400)) * 1000
        e.timeoutSweepMs = Int64(int("PAYOUT_TIMEOUT_SWEEP_MS", 60_000, 0...3_600_000))
        e.tickInterval = .milliseconds(int("ENGINE_TICK_MS", 500, 5...60_000))
        e.transactionLifetimeMs = Int64(int("TX_LIFETIME_MS", 60_000, 1_000...86_400_000))
        e.batchSize = int("ENGINE_BATCH_SIZE", 500, 1...10_000)
        e.concurrency = int("ENGINE_CONCURRENCY", 16, 1...256)
        e.confirmationPollMs = Int64(int("CONFIRMATION_POLL_MS", 3_000, 10...600_000))
        e.chainRefreshMs = Int64(int("CHAIN_REFRESH_MS", 1_000, 0...60_000))
        e.network = NetworkGuard.named(network.rawValue)
        return e
    }

    /// The staking limits (whole or decimal TRX).
    private static func readStakingLimits(_ reader: EnvironmentReader) -> StakingLimits {
        var l = StakingLimits()
        for (name, path) in [
            ("STAKING_MAX_TRX_PER_OPERATION", \StakingLimits.perOperation), ("STAKING_MAX_TRX_PER_DAY", \.daily),
        ] {
            guard let text = reader.value(name) else { continue }
            do throws(TronKitError) {
                let v = try Sun(parsing: text)
                guard v.value > 0 else { throw .invalidAmount("must be greater than 0") }
                l[keyPath: path] = v
            } catch { reader.problem("\(name): \(error.reason)") }
        }
        if l.perOperation > l.daily {
            reader.problem("STAKING_MAX_TRX_PER_OPERATION: must not exceed STAKING_MAX_TRX_PER_DAY")
        }
        return l
    }

    /// The payout limits, each bound checked against its pair.
    private static func readLimits(_ reader: EnvironmentReader, _ defaults: PayoutLimits) -> PayoutLimits {
        var l = defaults
        l.hourly = usdt(reader, "LIMIT_HOURLY_USDT", l.hourly)
        l.daily = usdt(reader, "LIMIT_DAILY_USDT", l.daily)
        l.perRecipientDaily = usdt(reader, "LIMIT_RECIPIENT_DAILY_USDT", l.perRecipientDaily)
        l.v0 = .init(min: usdt(reader, "V0_MIN_USDT", l.v0.min), max: usdt(reader, "V0_MAX_USDT", l.v0.max))
        l.kyc = .init(min: usdt(reader, "KYC_MIN_USDT", l.kyc.min), max: usdt(reader, "KYC_MAX_USDT", l.kyc.max))
        l.minimumKYCLevel = reader.int("KYC_MIN_LEVEL", l.minimumKYCLevel, 1...5)
        for (name, bounds) in [("V0", l.v0), ("KYC", l.kyc)] where bounds.min > bounds.max {
            reader.problem("\(name)_MIN_USDT: must not exceed \(name)_MAX_USDT")
        }
        if l.hourly > l.daily { reader.problem("LIMIT_HOURLY_USDT: must not exceed LIMIT_DAILY_USDT") }
        return l
    }

    /// The periodic jobs: the KYC expiry sweep, reconciliation, webhook delivery.
    private static func readSchedules(_ reader: EnvironmentReader, into config: inout WalletConfiguration) {
        let int = reader.int
        config.kycSweepInterval = .milliseconds(int("KYC_SWEEP_MS", 60_000, 10...86_400_000))
        config.reconciliationInterval = .milliseconds(int("RECONCILE_INTERVAL_MS", 300_000, 100...86_400_000))
        if let start = reader.value("RECONCILE_START_BLOCK") {
            if let n = Int64(start), n >= 0 {
                config.reconciliation.startBlock = n
            } else {
                reader.problem("RECONCILE_START_BLOCK: a block number ≥ 0")
            }
        } else if config.network == .devnet {
            config.reconciliation.startBlock = 0
        }
        config.webhookPollInterval = .milliseconds(int("WEBHOOK_POLL_MS", 1_000, 10...600_000))
        config.webhooks.retryBaseMs = Int64(int("WEBHOOK_RETRY_BASE_MS", 5_000, 10...3_600_000))
        config.webhooks.maxDelayMs = Int64(int("WEBHOOK_MAX_DELAY_MS", 3_600_000, 10...86_400_000))
        config.webhooks.maxAgeMs = Int64(int("WEBHOOK_MAX_AGE_MS", 86_400_000, 1_000...7 * 86_400_000))
    }
}

/// A named choice (`LUCID_PROFILE=production`); an unknown name is a problem listing the choices.
func enumValue<T: RawRepresentable & CaseIterable>(_ reader: EnvironmentReader, _ name: String, _ fallback: T) -> T
where T.RawValue == String {
    guard let s = reader.value(name) else { return fallback }
    guard let v = T(rawValue: s) else {
        reader.problem("\(name): one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        return fallback
    }
    return v
}
