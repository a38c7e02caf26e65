import LucidJSON
import Testing

/// The one problem body: members in a fixed order, strings escaped, a missing request id as null,
/// field errors only when there are some.
@Suite struct ProblemDetailsTests {
    @Test func membersInOrderAndEscaped() {
        let p = ProblemDetails(
            code: "VALIDATION_FAILED", title: "Unprocessable", status: 422, detail: "say \"why\"\n/now",
            requestID: nil, errors: [.init(pointer: "/amount_usdt", detail: "at most 6 decimals")])
        #expect(
            String(decoding: p.json(), as: UTF8.self)
                == #"{"type":"urn:lucid:problem:validation_failed","title":"Unprocessable","status":422,"#
                + #""detail":"say \"why\"\n/now","code":"VALIDATION_FAILED","request_id":null,"#
                + #""errors":[{"pointer":"/amount_usdt","detail":"at most 6 decimals"}]}"#)
        let q = ProblemDetails(code: "NOT_FOUND", title: "Not Found", status: 404, detail: "", requestID: "req_1")
        #expect(String(decoding: q.json(), as: UTF8.self).hasSuffix(#""code":"NOT_FOUND","request_id":"req_1"}"#))
    }
}
