import Foundation

/// Runs blocking `work` (socket calls, waits) on a fresh thread and awaits its result, so that it
/// never holds one of the few Swift concurrency threads that in-process servers and devnets share.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}
