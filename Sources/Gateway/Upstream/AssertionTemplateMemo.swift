import LucidAssertion
import Policy
import Synchronization

/// A verified caller's assertion template (see `AssertionTemplate`), kept with its identity in the
/// token cache so that each request signs only its own claims. It is made again when the policy —
/// and with it the role's permissions or scope — is replaced.
final class AssertionTemplateMemo: Sendable {
    private let slot = Mutex<(policy: CompiledPolicy, template: AssertionTemplate)?>(nil)

    /// The template made under `policy`, from `make` the first time.
    func template(under policy: CompiledPolicy, make: () -> AssertionTemplate) -> AssertionTemplate {
        if let hit = slot.withLock({ $0 }), hit.policy === policy { return hit.template }
        let made = make()
        slot.withLock { $0 = (policy, made) }
        return made
    }
}
