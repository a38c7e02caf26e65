import Foundation

/// Debian's real nginx terminating TLS in front of a plain-HTTP upstream on loopback, one listener
/// per certificate, for the node client's https path. Certificates come from `TestPKI`. Stop it
/// with `stop()`.
public final class NginxTLSFront: Sendable {
    /// The TLS listener of each certificate given, in order.
    public let ports: [Int]
    private let directory: URL
    private let process: Process

    /// Starts nginx proxying every listener to `127.0.0.1:upstreamPort`; each element of
    /// `certificates` is a PEM certificate file and its key file.
    public init(upstreamPort: Int, certificates: [(certificate: URL, key: URL)]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        ports = try certificates.map { _ in try freePort() }
        let dir = directory.path
        let servers = zip(ports, certificates).map { port, pair in
            """
              server {
                listen 127.0.0.1:\(port) ssl;
                ssl_certificate \(pair.certificate.path);
                ssl_certificate_key \(pair.key.path);
                location / { proxy_pass http://127.0.0.1:\(upstreamPort); }
              }
            """
        }
        let conf = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path \(dir)/tmp;
              proxy_temp_path \(dir)/tmp;
              fastcgi_temp_path \(dir)/tmp;
              uwsgi_temp_path \(dir)/tmp;
              scgi_temp_path \(dir)/tmp;
            \(servers.joined(separator: "\n"))
            }
            """
        let confURL = directory.appendingPathComponent("nginx.conf")
        try conf.write(to: confURL, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", dir, "-e", "\(dir)/error.log", "-c", confURL.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// What nginx has logged so far (for failure messages).
    public var errorLog: String {
        String(
            decoding: (try? Data(contentsOf: directory.appendingPathComponent("error.log"))) ?? Data(), as: UTF8.self)
    }

    public func stop() {
        // SIGKILL: the test runner ignores SIGTERM and children inherit that disposition.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
