/// The TRON network the wallet must be talking to, known by its genesis block id: the engine asks
/// the node for block 0 before it signs (again after any lost connection) and refuses to sign on
/// another network. A node URL pointing at mainnet while `TRON_NETWORK=nile` (or the reverse)
/// therefore stops payouts instead of paying on the wrong chain.
///
///     NetworkGuard.named("mainnet").mismatch(reportedGenesis: nileGenesis)  // "… reports nile …"
public struct NetworkGuard: Sendable, Equatable {
    /// The network's name (`TRON_NETWORK`).
    public let name: String
    /// The genesis block id the node must report; nil for the devnet, which reports its own
    /// (any id but a public network's).
    public let genesisBlockID: String?

    /// Genesis block ids of the public networks (`getblockbynum {"num":0}`'s `blockID`).
    public static let publicNetworks: [(name: String, genesis: String)] = [
        ("mainnet", "00000000000000001ebf88508a03865c71d452e25f4d51194196a1d22b6653dc"),
        ("nile", "0000000000000000d698d4192c56cb6be724a558448e2684802de4d6cd8690dc"),
        ("shasta", "0000000000000000de1aa88295e1fcf982742f773e0419c5a9c134c994a9059e"),
    ]

    /// The guard for a network name: a public network by its genesis id, anything else as a devnet.
    public static func named(_ name: String) -> NetworkGuard {
        NetworkGuard(name: name, genesisBlockID: publicNetworks.first { $0.name == name }?.genesis)
    }

    /// Why a node reporting `reportedGenesis` is not this network (naming both), or nil when it is.
    public func mismatch(reportedGenesis: String) -> String? {
        let reported = reportedGenesis.lowercased()
        let known = Self.publicNetworks.first { $0.genesis == reported }?.name
        if let genesisBlockID {
            guard reported != genesisBlockID else { return nil }
            return "TRON_NETWORK is \(name) (genesis \(genesisBlockID)) but the node reports "
                + (known.map { "\($0) (genesis \(reported))" } ?? "another network (genesis \(reported))")
        }
        guard let known else { return nil }
        return "TRON_NETWORK is \(name) but the node reports \(known) (genesis \(reported))"
    }
}
