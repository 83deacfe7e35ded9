// The library's version, recorded in every run record.

/// Kusari's version.
public let version = "0.1.0"
