/// The kernel's half of the plane ACL: for one service, the systemd `IPAddressDeny=any` and
/// `IPAddressAllow=` lines that let it reach, and be reached by, only the peers the plane rules
/// name. A peer service is at `localhost` unless `addresses` places it elsewhere; an external
/// reached `via = "tor"` is tor's SocksPort on `localhost`; `localhost` is always allowed (the
/// service's own listeners, with tor in front). An allow rule to an external without Tor cannot be
/// kept by an address list short of the whole internet, so it is an error.
///
///     let list = try AddressAllowList(document, service: "lucid-wallet")
///     list.unitLines   // ["IPAddressDeny=any", "IPAddressAllow=localhost"]
public struct AddressAllowList: Sendable, Equatable {
    /// One peer a rule implies, and where it is.
    public struct Peer: Sendable, Equatable {
        public var rule: String
        public var peer: String
        public var address: String
    }

    public let service: String
    public let peers: [Peer]

    public init(_ document: PolicyDocument, service: String, addresses: [String: String] = [:]) throws(PolicyError) {
        guard let plane = document.services.first(where: { $0.name == service })?.plane else {
            throw .badRequest("no service \"\(service)\" in the policy")
        }
        func services(_ name: String?, inPlane p: String?) -> [String] {
            if let name { return [name] }
            return document.services.filter { $0.plane == p }.map(\.name)
        }
        var peers: [Peer] = []
        for rule in document.rules where rule.action == .allow {
            let outbound = rule.sourceService == service || (rule.sourceService == nil && rule.sourcePlane == plane)
            let inbound = rule.targetService == service || (rule.targetService == nil && rule.targetPlane == plane)
            if outbound, let external = rule.externalTarget {
                guard rule.via == "tor" else {
                    throw .badRequest(
                        "rule \"\(rule.name)\" lets \(service) reach \(external) directly: IPAddressAllow cannot name it; route it via tor"
                    )
                }
                peers.append(Peer(rule: rule.name, peer: "tor (\(external))", address: "localhost"))
            } else if outbound {
                for peer in services(rule.targetService, inPlane: rule.targetPlane) where peer != service {
                    peers.append(Peer(rule: rule.name, peer: peer, address: addresses[peer] ?? "localhost"))
                }
            }
            if inbound {
                for peer in services(rule.sourceService, inPlane: rule.sourcePlane) where peer != service {
                    peers.append(Peer(rule: rule.name, peer: peer, address: addresses[peer] ?? "localhost"))
                }
            }
        }
        self.service = service
        self.peers = peers
    }

    /// The unit's lines: deny everything, then allow `localhost` and each peer's address once.
    public var unitLines: [String] {
        var seen: Set<String> = ["localhost"]
        var lines = ["IPAddressDeny=any", "IPAddressAllow=localhost"]
        for p in peers where seen.insert(p.address).inserted { lines.append("IPAddressAllow=\(p.address)") }
        return lines
    }
}
