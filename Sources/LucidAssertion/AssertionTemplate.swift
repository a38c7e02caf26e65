/// The part of a `Lucid-Assertion` that is the same for every request of one caller — the header
/// and the issuer, audience, caller's issuer and subject, role, permissions and scope claims — already encoded and
/// absorbed into the MAC, so that signing a request encodes and hashes only its own claims.
///
/// ```swift
/// let template = signer.template(for: principal)  // once per caller and policy
/// let token = signer.sign(template, requestID: "r-1", method: "GET", pathAndQuery: "/api/v1/payouts", body: [])
/// ```
public struct AssertionTemplate: Sendable {
    /// `base64url(header) "." base64url(fixed claims)`. The fixed claims are padded with JSON
    /// whitespace to a multiple of 3 bytes, so their encoding ends on a whole base64 group and the
    /// request's claims can be encoded after it on their own.
    let signingInput: [UInt8]
    /// The HMAC state after absorbing `signingInput`.
    let mac: ResumableHMAC
}
