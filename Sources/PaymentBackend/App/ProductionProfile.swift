import Foundation
import LucidConfiguration
import TronKit

/// The checks `LUCID_PROFILE=production` adds: a wallet that would be unsafe with real money refuses
/// to start, and the error names every problem at once.
///
/// Refused in production: a network other than mainnet (or a USDT contract other than mainnet's);
/// TRON egress without a SOCKS proxy (Tor); a hot key not from a keystore; a missing assertion key
/// (a key shorter than 32 bytes is refused in every profile); secrets inline in the environment or in
/// files open to group or others (`secretProblems`); hourly ≥ daily limits; a fee cap above `maximumFeeCap`; and the API (which also
/// serves `/metrics` and `/api/v1/admin`) listening on an address reachable from the internet.
public enum ProductionProfile {
    /// The most TRX one payout may burn in production (a USDT transfer costs about 14–28 TRX of energy).
    public static let maximumFeeCap = Sun(100_000_000)

    /// Every problem with `config` for production, each naming its variable; empty when fit.
    public static func problems(_ config: WalletConfiguration) -> [String] {
        var problems: [String] = []
        if config.network != .mainnet {
            problems.append("TRON_NETWORK: production pays on mainnet only (got \(config.network.rawValue))")
        }
        if config.engine.usdtContract != .usdtMainnet {
            problems.append("USDT_CONTRACT: production pays mainnet USDT (\(TronAddress.usdtMainnet.base58)) only")
        }
        if config.node.socksProxy == nil {
            problems.append("TRON_SOCKS_PROXY: production reaches the TRON node only through Tor's SocksPort")
        }
        if config.keySource != .keystore {
            problems.append("WALLET_KEYSTORE_FILE: production loads the hot key from an encrypted keystore only")
        }
        if config.assertionKeys.isEmpty {
            problems.append("LUCID_ASSERTION_KEY: required in production")
        }
        if config.engine.limits.hourly >= config.engine.limits.daily {
            problems.append("LIMIT_HOURLY_USDT: must be below LIMIT_DAILY_USDT in production")
        }
        if config.engine.fees.cap > maximumFeeCap {
            problems.append("FEE_LIMIT_CAP_TRX: at most \(maximumFeeCap) in production")
        }
        if !AddressScope.isPrivate(config.host) {
            problems.append(
                "LUCID_WALLET_HOST: production serves the API, /metrics and admin on a loopback or private address only (got \(config.host))"
            )
        }
        return problems
    }

    /// The secrets' sources: files only (or systemd credentials), each readable by its owner only.
    static func secretProblems(_ reader: EnvironmentReader) -> [String] {
        reader.productionSecretProblems(
            secrets: [
                "LUCID_ASSERTION_KEY", "LUCID_ASSERTION_PREVIOUS_KEY", "WALLET_KEYSTORE_PASSWORD", "TRON_API_KEY",
            ],
            files: [
                "WALLET_KEYSTORE_FILE", "WALLET_KEYSTORE_PASSWORD_FILE", "LUCID_ASSERTION_KEY_FILE",
                "LUCID_ASSERTION_PREVIOUS_KEY_FILE", "TRON_API_KEY_FILE",
            ])
    }
}
