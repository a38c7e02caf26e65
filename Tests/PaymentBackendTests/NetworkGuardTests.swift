import LucidAssertion
import PaymentBackend
import Testing
import TronKit

/// The wallet signs only on the network it is configured for, known by the node's genesis block.
@Suite("Network guard")
struct NetworkGuardTests {
    static let mainnet = "00000000000000001ebf88508a03865c71d452e25f4d51194196a1d22b6653dc"
    static let nile = "0000000000000000d698d4192c56cb6be724a558448e2684802de4d6cd8690dc"

    @Test("a public network accepts only its own genesis, and a refusal names both networks")
    func publicNetworks() throws {
        #expect(NetworkGuard.named("mainnet").mismatch(reportedGenesis: Self.mainnet) == nil)
        #expect(NetworkGuard.named("nile").mismatch(reportedGenesis: Self.nile.uppercased()) == nil)
        let wrong = try #require(NetworkGuard.named("mainnet").mismatch(reportedGenesis: Self.nile))
        #expect(wrong.contains("mainnet") && wrong.contains("nile") && wrong.contains(Self.nile))
        let other = try #require(
            NetworkGuard.named("shasta").mismatch(reportedGenesis: String(repeating: "ab", count: 32)))
        #expect(other.contains("shasta") && other.contains("another network"))
    }

    @Test("the devnet accepts its own genesis but never a public network's")
    func devnet() {
        #expect(NetworkGuard.named("devnet").mismatch(reportedGenesis: String(repeating: "0", count: 64)) == nil)
        #expect(NetworkGuard.named("devnet").mismatch(reportedGenesis: Self.mainnet)?.contains("mainnet") == true)
    }

    @Test("configured for mainnet against the devnet, the engine holds payouts and signs nothing")
    func engineRefusesToSign() async throws {
        try await WalletHarness.with(configure: { $0.network = .named("mainnet") }) { h in
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "3"), who: WalletHarness.service, idempotencyKey: "net")
            let held = try await h.runUntil(p.id) { $0.status == .held && $0.reasonCode == "NETWORK_MISMATCH" }
            #expect(held.attempts == 0 && held.attempt == nil)
            #expect(held.reasonDetail?.contains("TRON_NETWORK is mainnet") == true)
            let genesis = try #require(try await h.node.getBlock(number: 0))
            #expect(held.reasonDetail?.contains(genesis.id.hex) == true)
            #expect(await h.ledger(p.id).isEmpty)
        }
    }
}
