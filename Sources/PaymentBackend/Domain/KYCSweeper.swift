import Logging

/// Expires KYC records whose `expires_at` has passed, so the kyc route stops paying them at once
/// (the route also checks the date itself; the sweep makes the status and the audit log say so).
public struct KYCSweeper: Sendable {
    let store: any PayoutStore
    let clock: any WalletClock
    let logger: Logger

    public init(store: any PayoutStore, clock: any WalletClock, logger: Logger = Logger(label: "lucid.wallet.kyc")) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// One sweep; returns how many records it expired.
    @discardableResult
    public func sweep() async throws -> Int {
        let expired = try await store.expireKYC(now: clock.nowMs(), actor: "kyc-sweeper")
        for k in expired {
            logger.notice("KYC record expired", metadata: ["address": "\(k.address.base58)", "kyc_id": "\(k.kycID)"])
        }
        return expired.count
    }
}
