import Foundation

/// A throwaway certificate authority made with the real `openssl` command: a CA certificate and
/// server certificates it signs, each for one DNS name, all in a temporary directory.
///
///     let pki = try await TestPKI()
///     let leaf = try await pki.serverCertificate(for: "localhost")   // (certificate:, key:) PEM files
public struct TestPKI: Sendable {
    public let directory: URL
    /// The CA certificate (PEM), to trust.
    public let caCertificate: URL
    private let caKey: URL

    public init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        caCertificate = directory.appendingPathComponent("ca.pem")
        caKey = directory.appendingPathComponent("ca.key")
        try await Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=lucid test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", caKey.path, "-out", caCertificate.path,
        ])
    }

    /// A server certificate for `name`, signed by this CA.
    public func serverCertificate(for name: String) async throws -> (certificate: URL, key: URL) {
        let base = directory.appendingPathComponent(name)
        let (key, csr, cert, ext) = (
            base.appendingPathExtension("key"), base.appendingPathExtension("csr"), base.appendingPathExtension("pem"),
            base.appendingPathExtension("ext")
        )
        try """
        subjectAltName=DNS:\(name)
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature
        extendedKeyUsage=serverAuth
        """.write(to: ext, atomically: true, encoding: .utf8)
        try await Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=\(name)",
            "-keyout", key.path, "-out", csr.path,
        ])
        try await Self.openssl([
            "x509", "-req", "-in", csr.path, "-CA", caCertificate.path, "-CAkey", caKey.path, "-CAcreateserial",
            "-days", "2", "-extfile", ext.path, "-out", cert.path,
        ])
        return (cert, key)
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }

    private static func openssl(_ arguments: [String]) async throws {
        let r = try await runToCompletion(URL(fileURLWithPath: "/usr/bin/openssl"), arguments)
        guard r.status == 0 else { throw ToolFailure(tool: "openssl \(arguments[0])", output: r.stderr) }
    }
}
