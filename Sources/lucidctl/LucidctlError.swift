import PaymentBackend

/// A usage or input error of `lucidctl` itself (a bad option, an unreadable file), as opposed to
/// an error of the library a command calls; printed as `lucidctl: error: …` with exit status 1.
struct LucidctlError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

extension WalletError {
    /// What an operator reads: a storage failure's own message (the file and what went wrong), which
    /// the API's problem detail keeps to itself; otherwise the detail.
    var operatorMessage: String {
        if case .storage(let message) = self { return message }
        return detail
    }
}
