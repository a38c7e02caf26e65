import Foundation
import TestSupport
import Testing
import TronDevnet
import TronKit

@Suite("https to the node through Debian's nginx, with certificates from openssl")
struct NodeTLSTests {
    /// The outcome of one call: nil on success, else the error's code.
    func failure(_ client: FullNodeClient) async -> String? {
        do {
            _ = try await client.getNowBlock(solid: true)
            return nil
        } catch { return error.code }
    }

    func client(_ url: String, trustRoots: URL?) -> FullNodeClient {
        var config = FullNodeConfiguration(fullNodeURL: url)
        config.trustRootsFile = trustRoots?.path
        config.callTimeout = .seconds(3)
        return FullNodeClient(configuration: config)
    }

    @Test("a node certificate is verified: trusted CA and right name pass; system roots or a wrong name fail")
    func certificateVerification() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        let localhost = try await pki.serverCertificate(for: "localhost")
        let other = try await pki.serverCertificate(for: "other.example")
        try await DevnetHarness.with { h in
            let front = try NginxTLSFront(upstreamPort: h.api, certificates: [localhost, other])
            defer { front.stop() }
            let (good, wrongName) = (front.ports[0], front.ports[1])

            // Trusting the test CA, calls go through TLS to the devnet (polled until nginx listens).
            let trusted = client("https://localhost:\(good)", trustRoots: pki.caCertificate)
            let block = try await h.poll("a call through nginx's TLS listener") {
                try? await trusted.getNowBlock(solid: true)
            }
            #expect(block.number >= 0)
            #expect(try await trusted.getAccount(h.key.address)?.address == h.key.address, "\(front.errorLog)")
            try await trusted.shutdown()

            // The same listener with the system roots: the test CA is unknown, nothing is sent.
            let systemRoots = client("https://localhost:\(good)", trustRoots: nil)
            #expect(await failure(systemRoots) == "NODE_TRANSPORT")
            try await systemRoots.shutdown()

            // A certificate from the trusted CA but for another name: refused.
            let mismatch = client("https://localhost:\(wrongName)", trustRoots: pki.caCertificate)
            #expect(await failure(mismatch) == "NODE_TRANSPORT")
            try await mismatch.shutdown()
        }
    }

    @Test("TRON_CA_FILE must hold at least one PEM certificate")
    func trustRootsFileCheck() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        let leaf = try await pki.serverCertificate(for: "localhost")
        #expect(FullNodeConfiguration.isTrustRootsFile(pki.caCertificate.path))
        #expect(!FullNodeConfiguration.isTrustRootsFile(leaf.key.path))  // a key, no certificate
        #expect(!FullNodeConfiguration.isTrustRootsFile(pki.directory.appendingPathComponent("missing.pem").path))
    }
}
