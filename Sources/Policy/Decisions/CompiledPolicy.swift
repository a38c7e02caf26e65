/// An immutable, `Sendable` decision structure compiled from a validated `PolicyDocument`.
///
/// A request is allowed iff at least one allow rule matches and no deny rule matches; the order of
/// rules never matters. Deciding allocates nothing and takes no lock: names are interned to
/// integers at compile time and each (source service, target) pair has its own candidate list.
///
/// ```swift
/// let policy = try PolicyLoader.load(files: ["acl/planes.acl", "acl/roles.acl"])
/// let d = policy.decide(AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: "POST", path: "/api/v1/payouts"))
/// d.allowed   // true, decided by rule "gateway_creates_in_wallet"
/// ```
public final class CompiledPolicy: Sendable {
    struct Rule: Sendable {
        let name: String
        let allow: Bool
        let reason: String?
        let via: Int32  // -1 = any transport
        let methods: HTTPMethodSet
        let patterns: [PathPattern]?
    }

    public let document: PolicyDocument
    public let roles: RoleTable
    let services: [String: Int32]
    let servicePlanes: [Int32]
    let planes: [String: Int32]
    /// Targets: every service (same index), then every external at `serviceCount + k`.
    let externals: [String: Int32]
    let transports: [String: Int32]
    let rules: [Rule]
    let candidates: [[Int32]]
    let targetCount: Int

    /// Compiles a document that has passed validation (throws the validator's errors otherwise).
    public init(_ doc: PolicyDocument, strict: Bool = false) throws(PolicyError) {
        let errors = PolicyValidator.structuralIssues(doc, strict: strict).filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalid(errors) }
        document = doc
        roles = try RoleTable(doc.roles)
        var planes: [String: Int32] = [:]
        for p in doc.planes where planes[p.name] == nil { planes[p.name] = Int32(planes.count) }
        var services: [String: Int32] = [:]
        var servicePlanes: [Int32] = []
        for s in doc.services where services[s.name] == nil {
            services[s.name] = Int32(services.count)
            servicePlanes.append(planes[s.plane] ?? -1)
        }
        var externals: [String: Int32] = [:]
        for e in doc.externals where externals[e.name] == nil {
            externals[e.name] = Int32(services.count + externals.count)
        }
        var transports: [String: Int32] = ["direct": 0, "tor": 1]
        for r in doc.rules { if let v = r.via, transports[v] == nil { transports[v] = Int32(transports.count) } }

        let serviceCount = services.count
        let targetCount = serviceCount + externals.count
        var candidates = [[Int32]](repeating: [], count: max(1, serviceCount * targetCount))
        var compiled: [Rule] = []
        for (index, r) in doc.rules.enumerated() {
            var patterns: [PathPattern]?
            if let eps = r.endpoints { patterns = try eps.map { e throws(PolicyError) in try PathPattern(e) } }
            compiled.append(
                Rule(
                    name: r.name, allow: r.action == .allow, reason: r.reason,
                    via: r.via.flatMap { transports[$0] } ?? -1,
                    methods: r.methods.map(HTTPMethodSet.init) ?? .any, patterns: patterns))
            let sources: [Int32] =
                if let s = r.sourceService { [services[s]!] } else if let p = r.sourcePlane {
                    (0..<serviceCount).filter { servicePlanes[$0] == planes[p] }.map(Int32.init)
                } else { (0..<serviceCount).map(Int32.init) }
            let targets: [Int32] =
                if let e = r.externalTarget { [externals[e]!] } else if let s = r.targetService {
                    [services[s]!]
                } else if let p = r.targetPlane {
                    (0..<serviceCount).filter { servicePlanes[$0] == planes[p] }.map(Int32.init)
                } else { (0..<serviceCount).map(Int32.init) }
            for s in sources { for t in targets { candidates[Int(s) * targetCount + Int(t)].append(Int32(index)) } }
        }
        self.services = services
        self.servicePlanes = servicePlanes
        self.planes = planes
        self.externals = externals
        self.transports = transports
        self.rules = compiled
        self.candidates = candidates
        self.targetCount = targetCount
    }

    // MARK: Interned ids (resolve once, decide many times)

    /// The id of a service, for `decide(source:target:…)`.
    public func serviceID(_ name: String) -> Int32? { services[name] }
    /// The target id of an external destination.
    public func externalID(_ name: String) -> Int32? { externals[name] }
    /// The id of a transport (`direct`, `tor`, …).
    public func transportID(_ name: String) -> Int32? { transports[name] }

    // MARK: Deciding

    /// Decides a request given by names.
    public func decide(_ r: AccessRequest) -> Decision {
        guard let s = services[r.sourceService],
            let t = r.externalTarget.flatMap({ externals[$0] }) ?? r.targetService.flatMap({ services[$0] }),
            let transport = transports[r.transport]
        else { return Decision(code: .unknownEndpoint, ruleName: nil, reason: nil) }
        return decide(source: s, target: t, transport: transport, method: HTTPMethodSet.bit(r.method), path: r.path)
    }

    /// Decides a request given by interned ids. No allocation, no lock.
    public func decide(source: Int32, target: Int32, transport: Int32, method: UInt32, path: String) -> Decision {
        var path = path
        return path.withUTF8 { p in
            if CanonicalPath.problem(bytes: p) != nil {
                return Decision(code: .nonCanonicalPath, ruleName: nil, reason: nil)
            }
            guard source >= 0, target >= 0, Int(source) * targetCount + Int(target) < candidates.count else {
                return Decision(code: .unknownEndpoint, ruleName: nil, reason: nil)
            }
            var firstAllow: Int32 = -1
            for index in candidates[Int(source) * targetCount + Int(target)] {
                let r = rules[Int(index)]
                guard r.via < 0 || r.via == transport, r.methods.contains(method) else { continue }
                if let patterns = r.patterns {
                    var hit = false
                    for pattern in patterns where pattern.matches(p) {
                        hit = true
                        break
                    }
                    guard hit else { continue }
                }
                if !r.allow { return Decision(code: .deniedByRule, ruleName: r.name, reason: r.reason) }
                if firstAllow < 0 { firstAllow = index }
            }
            guard firstAllow >= 0 else {
                return Decision(code: .noMatchingAllow, ruleName: nil, reason: nil)
            }
            let r = rules[Int(firstAllow)]
            return Decision(code: .allowed, ruleName: r.name, reason: r.reason)
        }
    }

    /// Every rule that matches `request`, split by action, with the decision (for `explain`).
    public func explain(_ request: AccessRequest) -> (decision: Decision, allows: [String], denies: [String]) {
        let decision = decide(request)
        guard let s = services[request.sourceService],
            let t = request.externalTarget.flatMap({ externals[$0] })
                ?? request.targetService.flatMap({ services[$0] }),
            CanonicalPath.problem(request.path) == nil
        else { return (decision, [], []) }
        let transport = transports[request.transport] ?? -2
        var allows: [String] = []
        var denies: [String] = []
        var path = request.path
        path.withUTF8 { p in
            for index in candidates[Int(s) * targetCount + Int(t)] {
                let r = rules[Int(index)]
                guard r.via < 0 || r.via == transport, r.methods.contains(HTTPMethodSet.bit(request.method)) else {
                    continue
                }
                if let patterns = r.patterns, !patterns.contains(where: { $0.matches(p) }) { continue }
                if r.allow { allows.append(r.name) } else { denies.append(r.name) }
            }
        }
        return (decision, allows, denies)
    }

    // MARK: Isolation queries

    /// One way something in a plane can reach a target: the services and the allow rule.
    public struct Reach: Sendable, Equatable {
        public var source: String
        public var target: String
        public var rule: String
    }

    /// Can anything in `plane` reach `targetPlane` (or `external:NAME`)? Lists every (source,
    /// target, allow rule) not fully covered by a deny. Conservative: a partly denied allow counts.
    public func reach(from plane: String, to target: String) -> [Reach] {
        let serviceNames = services.sorted { $0.value < $1.value }.map(\.key)
        let sources = (0..<services.count).filter { servicePlanes[$0] == planes[plane] }
        let targets: [Int] =
            if target.hasPrefix("external:") { externals[String(target.dropFirst(9))].map { [Int($0)] } ?? [] } else {
                (0..<services.count).filter { servicePlanes[$0] == planes[target] }
            }
        var out: [Reach] = []
        for s in sources {
            for t in targets {
                let list = candidates[s * targetCount + t].map { rules[Int($0)] }
                for r in list where r.allow && !isCovered(r, byDenyIn: list) {
                    let name =
                        t < services.count
                        ? serviceNames[t] : "external:" + externals.first { $0.value == Int32(t) }!.key
                    out.append(Reach(source: serviceNames[s], target: name, rule: r.name))
                }
            }
        }
        return out
    }

    /// Whether a deny in `list` matches every request `allow` matches.
    func isCovered(_ allow: Rule, byDenyIn list: [Rule]) -> Bool {
        list.contains { d in
            guard !d.allow, d.via < 0 || d.via == allow.via, d.methods.isSuperset(of: allow.methods) else {
                return false
            }
            guard let dp = d.patterns else { return true }
            guard let ap = allow.patterns else { return false }
            return ap.allSatisfy { a in dp.contains { a.isCovered(by: $0) } }
        }
    }
}
