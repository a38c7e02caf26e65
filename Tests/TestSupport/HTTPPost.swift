import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// POSTs `body` to `url` and returns the status and the response bytes.
public func httpPost(_ url: String, _ body: String) async throws -> (status: Int, body: [UInt8]) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = "POST"
    request.httpBody = Data(body.utf8)
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, Array(data))
}
