/// Addresses built on a base address an operator gives (a Debrief server's, a tracker's API),
/// written with or without a trailing slash.
public enum WebAddress {
    /// `address` without its trailing slash, if it has one.
    public static func trimmed(_ address: String) -> String {
        address.hasSuffix("/") ? String(address.dropLast()) : address
    }

    /// The page of post-mortem `id` on the Debrief server at `base`.
    public static func incident(_ id: String, base: String) -> String {
        trimmed(base) + "/incidents/" + id
    }
}
