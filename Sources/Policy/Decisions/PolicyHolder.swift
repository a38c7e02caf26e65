import Synchronization

/// Holds the current policy for hot reload: a new file set is validated and compiled first; on any
/// error the last good policy stays and the error is returned for logging.
///
/// Readers take the current `CompiledPolicy` once per request (one short lock to copy a
/// reference); deciding itself takes no lock.
public final class PolicyHolder: Sendable {
    private let state: Mutex<CompiledPolicy>

    public init(_ initial: CompiledPolicy) { state = Mutex(initial) }

    /// The policy in force.
    public var current: CompiledPolicy { state.withLock { $0 } }

    /// Loads `files`; swaps only when they are valid. Returns the problem when not.
    @discardableResult
    public func reload(files: [String], strict: Bool = false) -> PolicyError? {
        do {
            let next = try PolicyLoader.load(files: files, strict: strict)
            state.withLock { $0 = next }
            return nil
        } catch {
            return error
        }
    }
}
