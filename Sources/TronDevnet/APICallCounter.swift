import LucidJSON
import Synchronization
import TronKit

/// How many calls the devnet's java-tron API has served, by path (`wallet/broadcasthex`), so a test
/// or an operator can see what a client costs a metered node (`GET /admin/status`, `api_calls`).
public final class APICallCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    public init() {}

    /// Counts one call to `path`.
    func count(_ path: String) { counts.withLock { $0[path, default: 0] += 1 } }

    /// Calls served so far, by path.
    public var snapshot: [String: Int] { counts.withLock { $0 } }

    var json: JSONValue { .object(snapshot.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) }) }
}
