/// Thrown when a polled condition does not hold before its deadline.
public struct PollTimeout: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "timed out waiting for \(what)" }
    public init(what: String) { self.what = what }
}

/// Polls `body` until it returns a value or `timeout` passes (then throws). Tests wait with this,
/// never with a bare sleep.
@discardableResult
public func poll<T>(_ what: String, timeout: Duration = .seconds(30), _ body: () async throws -> T?) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if let v = try await body() { return v }
        try await clock.sleep(for: .milliseconds(15))  // poll interval, bounded by the deadline
    }
    throw PollTimeout(what: what)
}
