/// POSTs `body` to `url` and returns the status and the response bytes.
public func httpPost(_ url: String, _ body: String) async throws -> (status: Int, body: [UInt8]) {
    let reply = try await TestRequest("POST", url, body: Array(body.utf8)).send()
    return (reply.status, reply.body)
}

/// GETs `url` and returns the whole response.
public func httpGet(_ url: String) async throws -> TestResponse {
    try await TestRequest("GET", url).send()
}
