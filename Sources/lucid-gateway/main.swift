import Gateway

// The gateway process arrives with the gateway issue.
print("lucid-gateway: not implemented yet (plane: \(Gateway.plane))")
