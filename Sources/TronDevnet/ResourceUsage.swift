/// Bandwidth or energy used by an account, recovering linearly over a 24-hour window as in
/// java-tron's `ResourceProcessor.increase`.
struct ResourceUsage: Sendable {
    static let windowMs: Int64 = 86_400_000

    private(set) var used: Int64 = 0
    private(set) var lastMs: Int64 = 0

    /// Usage remaining at `now` after recovery.
    func current(at now: Int64) -> Int64 {
        let elapsed = max(0, now - lastMs)
        guard elapsed < Self.windowMs else { return 0 }
        return used * (Self.windowMs - elapsed) / Self.windowMs
    }

    mutating func add(_ amount: Int64, at now: Int64) {
        used = current(at: now) + amount
        lastMs = now
    }
}
