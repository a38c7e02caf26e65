import Policy
import TronKit

/// The wallet-plane payout engine: the only holder of the signing key. Filled by the payout
/// engine issue; present now so the package layout builds.
public enum PaymentBackend {
    /// The plane this process lives in.
    public static let plane = "wallet"
}
