import TronKit

/// A recipient's KYC standing, consulted by the kyc route.
public struct KYCRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case active, suspended, expired }

    public var address: TronAddress
    public var kycID: String
    /// 1 (basic) … 5 (full).
    public var level: Int
    public var status: Status
    public var verifiedAt: Int64
    public var expiresAt: Int64
    public var note: String?

    public init(
        address: TronAddress, kycID: String, level: Int, status: Status, verifiedAt: Int64, expiresAt: Int64,
        note: String? = nil
    ) {
        self.address = address
        self.kycID = kycID
        self.level = level
        self.status = status
        self.verifiedAt = verifiedAt
        self.expiresAt = expiresAt
        self.note = note
    }

    /// Whether this record lets the kyc route pay at `now`.
    public func permits(minimumLevel: Int, now: Int64) -> Bool {
        status == .active && level >= minimumLevel && expiresAt > now
    }
}
