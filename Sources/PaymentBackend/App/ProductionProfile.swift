import Foundation
import TronKit

/// The checks `LUCID_PROFILE=production` adds: a wallet that would be unsafe with real money refuses
/// to start, and the error names every problem at once.
///
/// Refused in production: a network other than mainnet (or a USDT contract other than mainnet's);
/// TRON egress without a SOCKS proxy (Tor); a hot key not from a keystore; a missing assertion key
/// (a key shorter than 32 bytes is refused in every profile); hourly ≥ daily limits; a fee cap above `maximumFeeCap`; and the API (which also
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
        if !isPrivate(host: config.host) {
            problems.append(
                "LUCID_WALLET_HOST: production serves the API, /metrics and admin on a loopback or private address only (got \(config.host))"
            )
        }
        return problems
    }

    /// Loopback, RFC 1918, CGNAT (100.64/10, used by Tor-only overlays) and IPv6 ULA literals.
    /// Wildcards (`0.0.0.0`, `::`) and names other than `localhost` are refused: they cannot be proven private.
    static func isPrivate(host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            let b = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            return b[0] == 127 || b[0] == 10 || (b[0] == 172 && (16...31).contains(b[1]))
                || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (64...127).contains(b[1]))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let b = withUnsafeBytes(of: v6) { Array($0) }
            let loopback = b[0..<15].allSatisfy { $0 == 0 } && b[15] == 1
            return loopback || (b[0] & 0xFE) == 0xFC
        }
        return false
    }
}
