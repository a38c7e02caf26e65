import Foundation
import Synchronization

/// The wallet's notion of "now" for windows, limits and holds — injectable so tests move time.
/// (Transaction timestamps and expirations follow the chain's block time instead.)
public protocol WalletClock: Sendable {
    /// Milliseconds since the epoch.
    func nowMs() -> Int64
}

/// The system clock.
public struct SystemWalletClock: WalletClock {
    public init() {}
    public func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// The system clock shifted by an adjustable offset, for tests that jump to the next window.
public final class OffsetWalletClock: WalletClock {
    private let offset = Atomic<Int64>(0)

    public init() {}

    public func nowMs() -> Int64 { SystemWalletClock().nowMs() + offset.load(ordering: .relaxed) }

    /// Moves "now" forward by `ms`.
    public func advance(ms: Int64) { offset.add(ms, ordering: .relaxed) }
}
