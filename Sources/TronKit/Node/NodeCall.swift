/// One node call's outcome and how long it took, as the batch forms of `FullNodeClient` return them.
///
///     for call in await node.broadcastHex(transactions) { metrics.observe(call.elapsed); try call.result.get() }
public struct NodeCall<Value: Sendable>: Sendable {
    public var result: Result<Value, FullNodeError>
    public var elapsed: Duration

    public init(result: Result<Value, FullNodeError>, elapsed: Duration) {
        self.result = result
        self.elapsed = elapsed
    }

    /// The same call with its value transformed; a thrown error becomes the outcome.
    func map<T: Sendable>(_ transform: (Value) throws(FullNodeError) -> T) -> NodeCall<T> {
        switch result {
        case .success(let value):
            do { return NodeCall<T>(result: .success(try transform(value)), elapsed: elapsed) } catch {
                return NodeCall<T>(result: .failure(error), elapsed: elapsed)
            }
        case .failure(let error): return NodeCall<T>(result: .failure(error), elapsed: elapsed)
        }
    }
}
